CREATE TABLE region (
    code char(2) NOT NULL,
    name text
);
