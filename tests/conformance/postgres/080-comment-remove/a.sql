CREATE TABLE depot (
    id integer PRIMARY KEY,
    city text,
    capacity integer
);

COMMENT ON TABLE depot IS 'Storage depots';
COMMENT ON COLUMN depot.city IS 'City name';
COMMENT ON COLUMN depot.capacity IS 'Pallets';
