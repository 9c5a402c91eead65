CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

CREATE PROCEDURE close_all()
    LANGUAGE sql
    AS $$ UPDATE ticket SET status = 'closed' $$;

COMMENT ON PROCEDURE close_all() IS 'Closes every ticket';
