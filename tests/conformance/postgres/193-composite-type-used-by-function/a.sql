CREATE TYPE point2 AS (
    x integer,
    y integer
);

CREATE FUNCTION shift(p point2, dx integer) RETURNS point2
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT ROW(p.x + dx, p.y)::point2 $$;
