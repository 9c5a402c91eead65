CREATE TABLE maintenance_window (
    id integer PRIMARY KEY,
    during tstzrange NOT NULL
);
