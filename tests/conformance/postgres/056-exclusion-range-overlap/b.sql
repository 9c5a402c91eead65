CREATE TABLE maintenance_window (
    id integer PRIMARY KEY,
    during tstzrange NOT NULL,
    CONSTRAINT maintenance_window_no_overlap EXCLUDE USING gist (during WITH &&)
);
