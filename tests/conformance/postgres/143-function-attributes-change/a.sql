CREATE FUNCTION slugify(input text) RETURNS text
    LANGUAGE sql
    AS $$ SELECT lower(regexp_replace(input, '[^a-zA-Z0-9]+', '-', 'g')) $$;
