CREATE TABLE device (
    id integer PRIMARY KEY,
    serial text NOT NULL,
    address inet
);
