CREATE TABLE supplier (
    id integer PRIMARY KEY,
    name text NOT NULL,
    vat_id text
);

COMMENT ON TABLE supplier IS 'Companies we buy from';
COMMENT ON COLUMN supplier.name IS 'Legal name';
COMMENT ON COLUMN supplier.vat_id IS 'VAT identification number, if any';
