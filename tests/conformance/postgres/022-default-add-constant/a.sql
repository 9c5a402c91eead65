CREATE TABLE setting (
    key text PRIMARY KEY,
    value text,
    version integer,
    enabled boolean,
    ttl interval
);
