CREATE FUNCTION add_days(d date, n integer DEFAULT 1) RETURNS date
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT d + n $$;
