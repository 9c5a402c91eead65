CREATE TABLE session (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_name text NOT NULL
);
