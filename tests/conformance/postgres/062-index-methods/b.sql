CREATE TABLE reading (
    id bigint PRIMARY KEY,
    sensor text NOT NULL,
    taken_at timestamptz NOT NULL,
    labels text[],
    attrs jsonb,
    valid_for tstzrange
);

CREATE INDEX reading_sensor_btree ON reading USING btree (sensor);

CREATE INDEX reading_sensor_hash ON reading USING hash (sensor);

CREATE INDEX reading_labels_gin ON reading USING gin (labels);

CREATE INDEX reading_attrs_gin ON reading USING gin (attrs);

CREATE INDEX reading_valid_for_gist ON reading USING gist (valid_for);

CREATE INDEX reading_taken_at_brin ON reading USING brin (taken_at);
