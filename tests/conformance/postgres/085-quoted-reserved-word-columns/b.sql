CREATE TABLE "order" (
    id integer PRIMARY KEY,
    "select" varchar(50) NOT NULL DEFAULT 'all',
    "from" date,
    "group" text
);
