CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);

CREATE MATERIALIZED VIEW page_daily AS
    SELECT page, date_trunc('day', viewed_at) AS day, count(*) AS views
    FROM page_view
    GROUP BY page, date_trunc('day', viewed_at);

CREATE UNIQUE INDEX page_daily_page_day_idx ON page_daily (page, day);
