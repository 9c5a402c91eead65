CREATE TABLE country (
    code varchar(10) NOT NULL DEFAULT 'XX',
    name text NOT NULL
);
