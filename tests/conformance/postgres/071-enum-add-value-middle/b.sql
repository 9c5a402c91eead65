CREATE TYPE priority AS ENUM ('low', 'medium', 'high');

CREATE TABLE issue (
    id integer PRIMARY KEY,
    priority priority NOT NULL DEFAULT 'low'
);

CREATE INDEX issue_priority_idx ON issue (priority);
