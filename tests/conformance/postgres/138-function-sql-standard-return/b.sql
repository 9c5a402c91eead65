CREATE TABLE account (
    id integer PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12,2) NOT NULL DEFAULT 0
);

CREATE FUNCTION account_count() RETURNS bigint
    LANGUAGE sql STABLE
    RETURN (SELECT count(*) FROM account);

CREATE FUNCTION double_it(x integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN x * 2;
