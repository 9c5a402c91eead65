CREATE TABLE sale (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL,
    amount REAL NOT NULL,
    refunded INTEGER NOT NULL DEFAULT 0
);

CREATE VIEW sale_total AS
SELECT region, SUM(amount) AS total FROM sale WHERE refunded = 0 GROUP BY region;

CREATE VIEW top_region AS
SELECT region, total FROM sale_total ORDER BY total DESC LIMIT 1;
