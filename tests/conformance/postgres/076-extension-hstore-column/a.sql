CREATE TABLE asset (
    id integer PRIMARY KEY
);
