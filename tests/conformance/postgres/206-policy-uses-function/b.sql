CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

CREATE FUNCTION is_admin() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT pg_has_role(current_user, 'pg_write_all_data', 'MEMBER') $$;

ALTER TABLE note ENABLE ROW LEVEL SECURITY;

CREATE POLICY note_admin ON note
    USING (is_admin());
