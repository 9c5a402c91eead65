CREATE TABLE device (
    id integer PRIMARY KEY,
    serial text NOT NULL,
    address inet,
    last_seen timestamptz DEFAULT now(),
    firmware varchar(20) NOT NULL
);
