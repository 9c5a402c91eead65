CREATE TABLE region (
    code char(2) NOT NULL,
    name text,
    CONSTRAINT region_pkey PRIMARY KEY (code)
);
