CREATE FUNCTION clamp(value integer, low integer, high integer) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF value < low THEN
        RETURN low;
    END IF;
    RETURN value;
END;
$$;
