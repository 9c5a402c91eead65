CREATE TABLE sale (
    id bigint NOT NULL,
    region text NOT NULL,
    amount numeric(12,2)
) PARTITION BY LIST (region);

CREATE TABLE sale_europe PARTITION OF sale
    FOR VALUES IN ('de', 'fr', 'it');

CREATE TABLE sale_america PARTITION OF sale
    FOR VALUES IN ('us', 'ca');

CREATE TABLE sale_other PARTITION OF sale DEFAULT;
