CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);

CREATE MATERIALIZED VIEW page_total WITH (fillfactor = 80) AS
    SELECT page, count(*) AS views FROM page_view GROUP BY page;
