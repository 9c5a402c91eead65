CREATE TABLE widget (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text
);
