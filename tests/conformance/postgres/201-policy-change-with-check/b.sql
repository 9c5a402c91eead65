CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_owner_write ON note
    FOR UPDATE
    USING (owner = current_user)
    WITH CHECK (owner = current_user AND body IS NOT NULL);
