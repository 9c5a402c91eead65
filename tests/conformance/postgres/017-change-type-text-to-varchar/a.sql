CREATE TABLE country (
    code text NOT NULL DEFAULT 'XX',
    name text NOT NULL
);
