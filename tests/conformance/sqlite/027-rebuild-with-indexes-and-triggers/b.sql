CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    score REAL NOT NULL DEFAULT 0,
    touched_at TEXT
);

CREATE UNIQUE INDEX entry_slug_key ON entry (slug);

CREATE INDEX entry_score_idx ON entry (score DESC);

CREATE TRIGGER entry_touch AFTER UPDATE OF score ON entry
BEGIN
    UPDATE entry SET touched_at = datetime('now') WHERE id = NEW.id;
END;
