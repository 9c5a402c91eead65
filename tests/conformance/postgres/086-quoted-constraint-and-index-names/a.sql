CREATE TABLE "Account" (
    "Id" integer PRIMARY KEY,
    "Email" text NOT NULL
);

CREATE TABLE "Login" (
    "Id" integer PRIMARY KEY,
    "AccountId" integer NOT NULL,
    "At" timestamptz NOT NULL
);
