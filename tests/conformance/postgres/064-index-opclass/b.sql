CREATE TABLE path_entry (
    id integer PRIMARY KEY,
    path text NOT NULL,
    doc jsonb
);

CREATE INDEX path_entry_path_idx ON path_entry (path text_pattern_ops);

CREATE INDEX path_entry_doc_idx ON path_entry USING gin (doc jsonb_path_ops);
