CREATE TABLE warehouse_bin (
    warehouse_id integer NOT NULL,
    bin_code text NOT NULL,
    PRIMARY KEY (warehouse_id, bin_code)
);

CREATE TABLE stock (
    id integer PRIMARY KEY,
    warehouse_id integer NOT NULL,
    bin_code text NOT NULL
);
