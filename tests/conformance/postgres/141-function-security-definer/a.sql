CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION account_balance(account_id integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT balance FROM account WHERE id = account_id $$;
