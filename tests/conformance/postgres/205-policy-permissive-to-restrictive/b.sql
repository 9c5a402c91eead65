CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_any ON note
    USING (true);

CREATE POLICY note_not_empty ON note
    AS RESTRICTIVE
    USING (body IS NOT NULL);
