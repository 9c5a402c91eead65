CREATE DOMAIN priority AS smallint
    CONSTRAINT priority_range CHECK (VALUE BETWEEN 1 AND 5);

CREATE TABLE task (
    id integer PRIMARY KEY,
    priority priority
);
