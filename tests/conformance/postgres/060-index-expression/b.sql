CREATE TABLE profile (
    id integer PRIMARY KEY,
    email text NOT NULL,
    data jsonb NOT NULL DEFAULT '{}'
);

CREATE UNIQUE INDEX profile_email_lower_key ON profile (lower(email));

CREATE INDEX profile_country_idx ON profile ((data ->> 'country'));
