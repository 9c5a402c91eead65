CREATE TABLE depot (
    id integer PRIMARY KEY,
    city text,
    capacity integer
);

COMMENT ON COLUMN depot.capacity IS 'Pallets';
