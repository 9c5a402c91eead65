CREATE TABLE "User" (
    "Id" INTEGER PRIMARY KEY,
    "select" TEXT NOT NULL DEFAULT 'all',
    "group" TEXT
);

CREATE TABLE "order" (
    id INTEGER PRIMARY KEY,
    "User" INTEGER NOT NULL REFERENCES "User" ("Id") ON DELETE CASCADE,
    "from" TEXT
);

CREATE INDEX "order By User" ON "order" ("User");

CREATE VIEW "User Orders" AS
SELECT u."Id", u."group", o.id AS "order"
FROM "User" AS u JOIN "order" AS o ON o."User" = u."Id";
