CREATE SCHEMA app;

CREATE DOMAIN app.email AS text
    CONSTRAINT email_check CHECK (VALUE ~ '^[^@]+@[^@]+$');

CREATE TYPE app.address AS (
    street text,
    city text
);

CREATE TABLE app.member (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email app.email NOT NULL UNIQUE,
    home app.address,
    tenant text NOT NULL,
    updated_at timestamptz
);

CREATE TABLE app.post (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES app.member (id) ON DELETE CASCADE,
    title text NOT NULL,
    published boolean NOT NULL DEFAULT false,
    posted_on date NOT NULL DEFAULT current_date
);

CREATE INDEX post_member_idx ON app.post (member_id);

CREATE FUNCTION app.touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = app, pg_temp
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER member_touch BEFORE UPDATE ON app.member
    FOR EACH ROW EXECUTE FUNCTION app.touch();

CREATE FUNCTION app.current_tenant() RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.tenant', true) $$;

ALTER TABLE app.member ENABLE ROW LEVEL SECURITY;

CREATE POLICY member_tenant ON app.member
    USING (tenant = app.current_tenant());

CREATE VIEW app.published_post AS
    SELECT p.id, p.title, m.email
    FROM app.post p
    JOIN app.member m ON m.id = p.member_id
    WHERE p.published;

CREATE MATERIALIZED VIEW app.post_per_day AS
    SELECT posted_on, count(*) AS posts FROM app.post GROUP BY posted_on;

CREATE UNIQUE INDEX post_per_day_idx ON app.post_per_day (posted_on);

COMMENT ON SCHEMA app IS 'The application';
COMMENT ON VIEW app.published_post IS 'What visitors see';
COMMENT ON FUNCTION app.current_tenant() IS 'Tenant of the session';

GRANT USAGE ON SCHEMA app TO strata_conf_reader;
GRANT SELECT ON app.published_post TO strata_conf_reader;
