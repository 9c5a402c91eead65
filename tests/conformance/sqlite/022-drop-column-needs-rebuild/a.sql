CREATE TABLE ticket (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    severity INTEGER,
    assignee TEXT,
    CONSTRAINT ticket_severity_range CHECK (severity IS NULL OR severity BETWEEN 1 AND 4)
);

CREATE INDEX ticket_assignee_idx ON ticket (assignee);
