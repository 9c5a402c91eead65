CREATE TABLE entry (
    name text PRIMARY KEY
);
