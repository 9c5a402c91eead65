CREATE SCHEMA text_rules;

CREATE COLLATION text_rules.natural (provider = icu, locale = 'en-u-kn-true');
CREATE COLLATION text_rules.caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION text_rules.bytes (lc_collate = 'C', lc_ctype = 'C');
COMMENT ON COLLATION text_rules.natural IS 'numbers inside text sort by value';

CREATE DOMAIN text_rules.handle AS text COLLATE text_rules.caseless;

CREATE TABLE product (
    sku text COLLATE text_rules.bytes PRIMARY KEY,
    title text COLLATE text_rules.natural NOT NULL,
    owner text_rules.handle
);
