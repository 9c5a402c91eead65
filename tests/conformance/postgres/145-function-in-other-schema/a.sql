CREATE SCHEMA util;

CREATE FUNCTION util.version() RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT '1.0' $$;

CREATE FUNCTION public.version_label() RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'app' $$;
