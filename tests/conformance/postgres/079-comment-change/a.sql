CREATE TABLE carrier (
    id integer PRIMARY KEY,
    code text NOT NULL
);

COMMENT ON TABLE carrier IS 'Shipping carriers';
COMMENT ON COLUMN carrier.code IS 'Short code';
