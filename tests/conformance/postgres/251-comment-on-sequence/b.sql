CREATE SEQUENCE ticket_number_seq START WITH 1000;

COMMENT ON SEQUENCE ticket_number_seq IS 'Human-facing ticket numbers';
