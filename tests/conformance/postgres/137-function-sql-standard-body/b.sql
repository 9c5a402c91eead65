CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION total_balance() RETURNS numeric
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT coalesce(sum(balance), 0) FROM account WHERE balance > 0;
END;
