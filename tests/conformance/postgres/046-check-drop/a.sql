CREATE TABLE booking (
    id integer PRIMARY KEY,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    guests integer NOT NULL,
    CONSTRAINT booking_dates CHECK (ends_on > starts_on),
    CONSTRAINT booking_guests CHECK (guests > 0)
);
