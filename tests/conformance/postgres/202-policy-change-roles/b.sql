CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_read ON note
    FOR SELECT
    TO strata_conf_reader, strata_conf_writer
    USING (published);
