CREATE TABLE orders (
    id bigint NOT NULL,
    region text NOT NULL
) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_pkey PRIMARY KEY (id, region);
