CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE PROCEDURE reset_balances()
    LANGUAGE sql
    AS $$ UPDATE account SET balance = 0 $$;
