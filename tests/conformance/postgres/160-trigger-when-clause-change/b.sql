CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE TABLE document_audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id integer,
    action text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION log_document_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO document_audit (document_id, action) VALUES (NEW.id, TG_OP);
    RETURN NULL;
END;
$$;

CREATE TRIGGER document_status_audit AFTER UPDATE ON document
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.status = 'published')
    EXECUTE FUNCTION log_document_change();
