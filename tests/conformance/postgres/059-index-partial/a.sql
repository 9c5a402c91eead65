CREATE TABLE task (
    id integer PRIMARY KEY,
    owner_id integer NOT NULL,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    deleted_at timestamptz
);
