CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER document_touch BEFORE UPDATE OF title, body ON document
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
