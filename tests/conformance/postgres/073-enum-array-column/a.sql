CREATE TYPE weekday AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');

CREATE TABLE shift (
    id integer PRIMARY KEY,
    first_day weekday NOT NULL
);
