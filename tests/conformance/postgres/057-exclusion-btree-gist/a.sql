CREATE TABLE room_booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL,
    during tsrange NOT NULL
);
