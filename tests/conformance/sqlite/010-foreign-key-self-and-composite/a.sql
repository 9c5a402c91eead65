CREATE TABLE bin (
    warehouse INTEGER NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (warehouse, code)
);

CREATE TABLE category (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER
);

CREATE TABLE stock (
    id INTEGER PRIMARY KEY,
    warehouse INTEGER NOT NULL,
    bin_code TEXT NOT NULL
);
