CREATE TABLE shipment (
    id bigint NOT NULL,
    shipped_on date NOT NULL,
    carrier text NOT NULL
) PARTITION BY RANGE (shipped_on);

CREATE TABLE shipment_2024 PARTITION OF shipment
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')
    PARTITION BY LIST (carrier);

CREATE TABLE shipment_2024_ups PARTITION OF shipment_2024
    FOR VALUES IN ('ups');

CREATE TABLE shipment_2024_other PARTITION OF shipment_2024 DEFAULT;
