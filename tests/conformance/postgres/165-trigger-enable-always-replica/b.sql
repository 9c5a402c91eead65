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

CREATE TRIGGER document_touch BEFORE UPDATE ON document
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER document_audit_row AFTER INSERT ON document
    FOR EACH ROW EXECUTE FUNCTION log_document_change();

ALTER TABLE document ENABLE ALWAYS TRIGGER document_touch;
ALTER TABLE document ENABLE REPLICA TRIGGER document_audit_row;
