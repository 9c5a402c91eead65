CREATE TABLE "order" (
    id integer PRIMARY KEY,
    "select" varchar(20),
    "from" date
);
