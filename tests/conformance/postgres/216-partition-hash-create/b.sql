CREATE TABLE app_user (
    id bigint PRIMARY KEY
);

CREATE TABLE user_event (
    user_id bigint NOT NULL,
    event_id bigint NOT NULL,
    payload jsonb,
    PRIMARY KEY (user_id, event_id)
) PARTITION BY HASH (user_id);

CREATE TABLE user_event_p0 PARTITION OF user_event FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE user_event_p1 PARTITION OF user_event FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE user_event_p2 PARTITION OF user_event FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE user_event_p3 PARTITION OF user_event FOR VALUES WITH (MODULUS 4, REMAINDER 3);
