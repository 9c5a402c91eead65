CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    updated_at TEXT
);

CREATE TABLE item_history (
    item_id INTEGER NOT NULL,
    old_name TEXT,
    changed_at TEXT NOT NULL
);
