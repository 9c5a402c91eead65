CREATE FUNCTION normalize_code(code varchar) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT upper(trim(code)) $$;

CREATE TABLE product (
    id integer PRIMARY KEY,
    code text NOT NULL
);

CREATE INDEX product_code_norm_idx ON product (normalize_code(code));
