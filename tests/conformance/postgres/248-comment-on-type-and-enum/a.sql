CREATE TYPE geo_point AS (
    lat double precision,
    lon double precision
);

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
