CREATE FUNCTION clamp(value integer, low integer, high integer) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF value < low THEN
        RETURN low;
    ELSIF value > high THEN
        RETURN high;
    END IF;
    RETURN value;
END;
$$;
