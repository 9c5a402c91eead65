CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

CREATE FUNCTION ticket_noop() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RETURN NEW;
END;
$$;

CREATE TRIGGER ticket_before_insert BEFORE INSERT ON ticket
    FOR EACH ROW EXECUTE FUNCTION ticket_noop();

COMMENT ON TRIGGER ticket_before_insert ON ticket IS 'Placeholder for validation';
