CREATE TABLE "User" (
    "Id" integer PRIMARY KEY,
    "order" integer NOT NULL DEFAULT 0,
    "displayName" text
);
