CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    handle TEXT NOT NULL,
    CONSTRAINT account_tenant_handle_key UNIQUE (tenant, handle)
);
