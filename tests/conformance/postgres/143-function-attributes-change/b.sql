CREATE FUNCTION slugify(input text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10
    AS $$ SELECT lower(regexp_replace(input, '[^a-zA-Z0-9]+', '-', 'g')) $$;
