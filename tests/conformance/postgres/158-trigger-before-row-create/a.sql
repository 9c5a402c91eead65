CREATE TABLE document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    body text,
    status text NOT NULL DEFAULT 'draft',
    updated_at timestamptz
);
