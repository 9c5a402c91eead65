CREATE TABLE queue_item (
    id bigint PRIMARY KEY,
    enqueued_at timestamptz NOT NULL
);

CREATE INDEX queue_item_enqueued_idx ON queue_item (enqueued_at);
