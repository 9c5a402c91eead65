CREATE FUNCTION add_days(d date, n integer) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT d + n $$;
