CREATE TABLE note (
    id integer PRIMARY KEY,
    visibility bigint NOT NULL DEFAULT 0
);

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_public ON note
    FOR SELECT
    USING (visibility > 0);
