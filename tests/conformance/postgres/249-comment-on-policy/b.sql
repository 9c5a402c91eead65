CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

ALTER TABLE ticket ENABLE ROW LEVEL SECURITY;

CREATE POLICY ticket_open_only ON ticket
    FOR SELECT
    USING (status = 'open');

COMMENT ON POLICY ticket_open_only ON ticket IS 'Closed tickets are hidden';
