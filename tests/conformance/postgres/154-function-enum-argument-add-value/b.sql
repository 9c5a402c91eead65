CREATE TYPE size AS ENUM ('small', 'medium', 'large');

CREATE FUNCTION size_weight(s size) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE s WHEN 'small' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END $$;
