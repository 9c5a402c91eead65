CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION rich_accounts(threshold numeric)
    RETURNS TABLE (id integer, owner text)
    LANGUAGE sql STABLE
    AS $$ SELECT id, owner FROM account WHERE balance >= threshold $$;
