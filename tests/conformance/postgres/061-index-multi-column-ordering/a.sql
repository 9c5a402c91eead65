CREATE TABLE score (
    id integer PRIMARY KEY,
    game_id integer NOT NULL,
    points integer,
    recorded_at timestamptz
);
