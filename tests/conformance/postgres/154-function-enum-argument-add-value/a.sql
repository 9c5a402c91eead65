CREATE TYPE size AS ENUM ('small', 'large');

CREATE FUNCTION size_weight(s size) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE s WHEN 'small' THEN 1 ELSE 3 END $$;
