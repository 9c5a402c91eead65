CREATE TABLE seat (
    id integer PRIMARY KEY,
    hall text NOT NULL,
    row_no integer NOT NULL,
    seat_no integer NOT NULL,
    CONSTRAINT seat_hall_row_key UNIQUE (hall, row_no)
);
