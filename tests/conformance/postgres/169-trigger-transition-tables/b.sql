CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);

CREATE TABLE document_count (
    total bigint NOT NULL
);

CREATE FUNCTION count_new_documents() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE document_count SET total = total + (SELECT count(*) FROM new_rows);
    RETURN NULL;
END;
$$;

CREATE TRIGGER document_count_insert AFTER INSERT ON document
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_new_documents();
