CREATE TABLE line (
    id integer,
    code text PRIMARY KEY
);
