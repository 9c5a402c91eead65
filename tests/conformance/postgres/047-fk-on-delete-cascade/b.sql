CREATE TABLE gallery (
    id integer PRIMARY KEY
);

CREATE TABLE photo (
    id integer PRIMARY KEY,
    gallery_id integer NOT NULL REFERENCES gallery (id) ON DELETE CASCADE
);
