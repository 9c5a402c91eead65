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

CREATE TRIGGER item_audit AFTER UPDATE OF name ON item
FOR EACH ROW WHEN OLD.name IS NOT NEW.name
BEGIN
    INSERT INTO item_history (item_id, old_name, changed_at)
    VALUES (OLD.id, OLD.name, datetime('now'));
    UPDATE item SET updated_at = datetime('now') WHERE id = NEW.id;
END;
