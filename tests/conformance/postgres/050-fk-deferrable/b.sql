CREATE TABLE ledger (
    id integer PRIMARY KEY
);

CREATE TABLE posting (
    id integer PRIMARY KEY,
    ledger_id integer NOT NULL,
    CONSTRAINT posting_ledger_fk FOREIGN KEY (ledger_id) REFERENCES ledger (id)
        DEFERRABLE INITIALLY DEFERRED
);
