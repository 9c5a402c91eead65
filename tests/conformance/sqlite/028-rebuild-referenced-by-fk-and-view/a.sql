CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    tier INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE purchase (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
    amount REAL NOT NULL
);

CREATE VIEW customer_spend AS
SELECT c.id, c.name, c.tier, SUM(p.amount) AS spend
FROM customer AS c JOIN purchase AS p ON p.customer_id = c.id
GROUP BY c.id, c.name, c.tier;
