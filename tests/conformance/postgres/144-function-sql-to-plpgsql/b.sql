CREATE FUNCTION safe_divide(a numeric, b numeric) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF b = 0 THEN
        RETURN NULL;
    END IF;
    RETURN a / b;
END;
$$;
