CREATE TABLE ticket (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed'))
);

CREATE MATERIALIZED VIEW ticket_count AS
    SELECT status, count(*) AS n FROM ticket GROUP BY status;

COMMENT ON MATERIALIZED VIEW ticket_count IS 'Counts per status, refreshed hourly';
