CREATE FUNCTION is_even(n bigint) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT n % 2 = 0 $$;
