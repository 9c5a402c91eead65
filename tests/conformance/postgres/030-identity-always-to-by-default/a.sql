CREATE TABLE part (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text
);
