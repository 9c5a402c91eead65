CREATE DOMAIN short_text AS varchar(80);

COMMENT ON DOMAIN short_text IS 'Fits on one line';
