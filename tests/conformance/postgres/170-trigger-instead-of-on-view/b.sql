CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE VIEW draft AS
    SELECT id, title FROM document WHERE status = 'draft';

CREATE FUNCTION insert_draft() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO document (id, title, status) VALUES (NEW.id, NEW.title, 'draft');
    RETURN NEW;
END;
$$;

CREATE TRIGGER draft_insert INSTEAD OF INSERT ON draft
    FOR EACH ROW EXECUTE FUNCTION insert_draft();
