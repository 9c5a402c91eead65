CREATE TABLE tenant_event (
    tenant text NOT NULL,
    happened_on date NOT NULL
) PARTITION BY LIST (tenant);

CREATE TABLE tenant_event_acme PARTITION OF tenant_event FOR VALUES IN ('acme');

ALTER TABLE tenant_event ENABLE ROW LEVEL SECURITY;

CREATE POLICY tenant_event_own ON tenant_event
    USING (tenant = current_setting('app.tenant', true));
