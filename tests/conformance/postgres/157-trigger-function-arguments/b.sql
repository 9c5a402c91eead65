CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE FUNCTION stamp_status() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.status := TG_ARGV[0];
    RETURN NEW;
END;
$$;

CREATE TRIGGER document_default_status BEFORE INSERT ON document
    FOR EACH ROW EXECUTE FUNCTION stamp_status('new');
