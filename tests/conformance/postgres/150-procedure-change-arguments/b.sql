CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE PROCEDURE credit(account_id integer, amount numeric)
    LANGUAGE sql
    AS $$ UPDATE account SET balance = balance + amount WHERE id = account_id $$;
