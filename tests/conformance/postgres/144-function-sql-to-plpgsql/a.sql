CREATE FUNCTION safe_divide(a numeric, b numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN b = 0 THEN NULL ELSE a / b END $$;
