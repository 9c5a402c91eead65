CREATE FUNCTION total(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT a + b $$;

CREATE FUNCTION total(VARIADIC nums numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT sum(n) FROM unnest(nums) AS n $$;
