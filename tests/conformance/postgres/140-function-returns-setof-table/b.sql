CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION negative_accounts() RETURNS SETOF account
    LANGUAGE sql STABLE
    AS $$ SELECT * FROM account WHERE balance < 0 $$;
