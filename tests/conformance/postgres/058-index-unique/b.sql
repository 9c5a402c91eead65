CREATE TABLE subscriber (
    id integer PRIMARY KEY,
    handle text NOT NULL
);

CREATE UNIQUE INDEX subscriber_handle_key ON subscriber (handle);
