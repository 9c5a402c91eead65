CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

CREATE VIEW ticket_overview AS
    SELECT id, title FROM ticket;

COMMENT ON VIEW ticket_overview IS 'Everything about tickets';
COMMENT ON COLUMN ticket_overview.title IS 'As entered';
