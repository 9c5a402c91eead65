CREATE TABLE task (
    id integer PRIMARY KEY,
    owner_id integer NOT NULL,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    deleted_at timestamptz
);

CREATE INDEX task_open_idx ON task (owner_id) WHERE NOT done;

CREATE UNIQUE INDEX task_owner_title_live_key ON task (owner_id, title) WHERE deleted_at IS NULL;
