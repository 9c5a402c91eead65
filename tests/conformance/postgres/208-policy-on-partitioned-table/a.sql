CREATE TABLE tenant_event (
    tenant text NOT NULL,
    happened_on date NOT NULL
) PARTITION BY LIST (tenant);

CREATE TABLE tenant_event_acme PARTITION OF tenant_event FOR VALUES IN ('acme');
