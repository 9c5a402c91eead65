CREATE TABLE page_view (
    id bigint PRIMARY KEY,
    page text NOT NULL,
    viewed_at timestamptz NOT NULL
);
