CREATE SCHEMA support;

COMMENT ON SCHEMA support IS 'Customer support objects';
