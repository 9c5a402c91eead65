CREATE TYPE ticket_state AS ENUM ('open', 'in_progress', 'closed');

CREATE TABLE ticket (
    id integer PRIMARY KEY,
    state ticket_state NOT NULL DEFAULT 'open'
);
