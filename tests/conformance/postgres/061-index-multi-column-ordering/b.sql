CREATE TABLE score (
    id integer PRIMARY KEY,
    game_id integer NOT NULL,
    points integer,
    recorded_at timestamptz
);

CREATE INDEX score_leaderboard_idx ON score (game_id, points DESC NULLS LAST, recorded_at NULLS FIRST);

CREATE INDEX score_recent_idx ON score (recorded_at DESC);
