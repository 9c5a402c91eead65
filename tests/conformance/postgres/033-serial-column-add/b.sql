CREATE TABLE entry (
    name text PRIMARY KEY,
    seq serial
);
