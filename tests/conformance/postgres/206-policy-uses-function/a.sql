CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

CREATE FUNCTION is_admin() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT current_user = 'postgres' $$;

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_admin ON note
    USING (is_admin());
