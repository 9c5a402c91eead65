CREATE TABLE "User" (
    "Id" INTEGER PRIMARY KEY,
    "select" TEXT
);

CREATE TABLE "order" (
    id INTEGER PRIMARY KEY,
    "User" INTEGER NOT NULL REFERENCES "User" ("Id")
);
