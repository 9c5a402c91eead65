CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);

CREATE MATERIALIZED VIEW page_total AS
    SELECT page, count(*) AS views
    FROM page_view
    GROUP BY page;

CREATE UNIQUE INDEX page_total_page_idx ON page_total (page);
CREATE INDEX page_total_views_idx ON page_total (views DESC);
