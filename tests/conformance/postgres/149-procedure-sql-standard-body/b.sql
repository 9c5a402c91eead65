CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE PROCEDURE open_account(account_id integer, account_owner text)
    LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO account (id, owner) VALUES (account_id, account_owner);
    UPDATE account SET balance = 10 WHERE id = account_id;
END;
