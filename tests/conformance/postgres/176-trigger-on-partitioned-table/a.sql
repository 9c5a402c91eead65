CREATE TABLE reading (
    sensor_id integer NOT NULL,
    taken_at date NOT NULL,
    value numeric,
    updated_at timestamptz
) PARTITION BY RANGE (taken_at);

CREATE TABLE reading_2024 PARTITION OF reading
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
