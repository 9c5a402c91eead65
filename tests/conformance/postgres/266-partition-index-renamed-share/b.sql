CREATE TABLE events (
    at date NOT NULL,
    kind text
) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX events_kind_idx ON events (kind);
ALTER INDEX events_2024_kind_idx RENAME TO events_2024_by_kind;
