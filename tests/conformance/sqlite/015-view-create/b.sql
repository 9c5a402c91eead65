CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    total REAL NOT NULL
);

CREATE VIEW customer_revenue AS
SELECT c.id, c.name, COALESCE(SUM(i.total), 0) AS revenue
FROM customer AS c
LEFT JOIN invoice AS i ON i.customer_id = c.id
GROUP BY c.id, c.name;
