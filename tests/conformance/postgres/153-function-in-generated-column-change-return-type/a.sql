CREATE FUNCTION word_count(t text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(array_length(regexp_split_to_array(trim(t), '\s+'), 1), 0) $$;

CREATE TABLE article (
    id integer PRIMARY KEY,
    body text NOT NULL,
    words integer GENERATED ALWAYS AS (word_count(body)) STORED
);
