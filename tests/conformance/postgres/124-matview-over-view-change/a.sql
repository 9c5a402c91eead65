CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);

CREATE VIEW recent_view AS
    SELECT id, page, viewed_at FROM page_view
    WHERE viewed_at > '2024-01-01';

CREATE MATERIALIZED VIEW recent_page AS
    SELECT page, count(*) AS views FROM recent_view GROUP BY page;
