CREATE TABLE post (
    id integer PRIMARY KEY,
    scores integer[],
    tags text[] NOT NULL DEFAULT '{}',
    related uuid[],
    prices numeric(6,2)[],
    matrix integer[][]
);
