CREATE TABLE note (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text,
    published boolean NOT NULL DEFAULT false
);

ALTER TABLE note ENABLE ROW LEVEL SECURITY;
