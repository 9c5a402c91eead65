CREATE TABLE carrier (
    id integer PRIMARY KEY,
    code text NOT NULL
);

COMMENT ON TABLE carrier IS 'Shipping carriers we''re contracted with';
COMMENT ON COLUMN carrier.code IS 'Carrier''s short code, upper case';
