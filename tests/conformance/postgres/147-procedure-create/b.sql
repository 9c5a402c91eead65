CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE PROCEDURE transfer(from_id integer, to_id integer, amount numeric)
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE account SET balance = balance - amount WHERE id = from_id;
    UPDATE account SET balance = balance + amount WHERE id = to_id;
END;
$$;
