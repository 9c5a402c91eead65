CREATE TABLE line (
    id integer GENERATED ALWAYS AS IDENTITY,
    code text PRIMARY KEY
);
