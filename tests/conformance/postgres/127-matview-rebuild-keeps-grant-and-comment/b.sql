CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);

CREATE MATERIALIZED VIEW page_total AS
    SELECT page, count(DISTINCT id) AS views FROM page_view GROUP BY page;

COMMENT ON MATERIALIZED VIEW page_total IS 'Views per page';
GRANT SELECT ON page_total TO strata_conf_reader;
