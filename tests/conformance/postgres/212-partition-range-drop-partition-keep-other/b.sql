CREATE TABLE measurement (
    city_id integer NOT NULL,
    logdate date NOT NULL,
    peak_temp integer,
    PRIMARY KEY (city_id, logdate)
) PARTITION BY RANGE (logdate);

CREATE TABLE measurement_2023 PARTITION OF measurement
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

CREATE TABLE measurement_2024 PARTITION OF measurement
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
