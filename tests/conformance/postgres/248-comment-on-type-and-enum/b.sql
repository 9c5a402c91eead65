CREATE TYPE geo_point AS (
    lat double precision,
    lon double precision
);

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

COMMENT ON TYPE geo_point IS 'WGS84 coordinates';
COMMENT ON TYPE mood IS 'How the user feels';
