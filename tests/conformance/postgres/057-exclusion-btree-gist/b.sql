CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE room_booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL,
    during tsrange NOT NULL,
    CONSTRAINT room_booking_no_double EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
