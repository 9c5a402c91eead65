CREATE TABLE orders (
    id bigint NOT NULL,
    region text NOT NULL
) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
ALTER TABLE ONLY orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id, region);
