CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

COMMENT ON CONSTRAINT ticket_status_check ON ticket IS 'Only two states for now';
COMMENT ON CONSTRAINT ticket_pkey ON ticket IS 'Surrogate key';
