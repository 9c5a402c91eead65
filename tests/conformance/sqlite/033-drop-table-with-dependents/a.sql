CREATE TABLE keep_me (
    id INTEGER PRIMARY KEY
);

CREATE TABLE audit_row (
    id INTEGER PRIMARY KEY,
    what TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX audit_row_at_idx ON audit_row (at);

CREATE TRIGGER keep_me_audit AFTER INSERT ON keep_me
BEGIN
    INSERT INTO audit_row (what) VALUES ('keep_me ' || NEW.id);
END;

CREATE VIEW recent_audit AS
SELECT what, at FROM audit_row ORDER BY at DESC LIMIT 50;
