CREATE TABLE team (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE player (
    id integer PRIMARY KEY,
    team_id integer,
    CONSTRAINT player_team_fk FOREIGN KEY (team_id) REFERENCES team (id)
        ON DELETE SET NULL ON UPDATE CASCADE
);
