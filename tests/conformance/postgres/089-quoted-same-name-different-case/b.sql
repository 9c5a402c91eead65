CREATE TABLE item (
    id integer PRIMARY KEY
);

CREATE TABLE "Item" (
    id integer PRIMARY KEY,
    "Name" text
);
