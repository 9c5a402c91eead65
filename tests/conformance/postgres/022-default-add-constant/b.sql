CREATE TABLE setting (
    key text PRIMARY KEY,
    value text DEFAULT '',
    version integer DEFAULT 1,
    enabled boolean DEFAULT false,
    ttl interval DEFAULT '1 hour'
);
