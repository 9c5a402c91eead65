CREATE TABLE session (
    id uuid PRIMARY KEY,
    user_name text NOT NULL
);
