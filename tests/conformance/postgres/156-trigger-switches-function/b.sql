CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE FUNCTION set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := statement_timestamp();
    RETURN NEW;
END;
$$;

CREATE TRIGGER document_touch BEFORE UPDATE ON document
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
