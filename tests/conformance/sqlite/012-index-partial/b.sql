CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    owner_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT
);

CREATE INDEX task_open_idx ON task (owner_id) WHERE done = 0;

CREATE UNIQUE INDEX task_live_title_key ON task (owner_id, title) WHERE deleted_at IS NULL;
