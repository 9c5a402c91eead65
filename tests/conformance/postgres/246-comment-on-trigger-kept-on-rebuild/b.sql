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

CREATE TRIGGER ticket_before_update BEFORE UPDATE ON ticket
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION ticket_noop();

COMMENT ON TRIGGER ticket_before_update ON ticket IS 'Runs on every update';
