CREATE TABLE subscriber (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL,
    joined_at TEXT NOT NULL
);

CREATE UNIQUE INDEX subscriber_handle_key ON subscriber (handle);

CREATE INDEX subscriber_joined_idx ON subscriber (joined_at DESC, id);
