CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION close_account(account_id integer) RETURNS void
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = public, pg_temp
    SET statement_timeout = '5s'
AS $$
BEGIN
    DELETE FROM account WHERE id = account_id;
END;
$$;
