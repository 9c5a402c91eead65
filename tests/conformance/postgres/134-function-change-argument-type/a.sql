CREATE FUNCTION is_even(n integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT n % 2 = 0 $$;
