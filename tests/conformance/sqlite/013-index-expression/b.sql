CREATE TABLE profile (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
);

CREATE UNIQUE INDEX profile_email_lower_key ON profile (lower(email));

CREATE INDEX profile_country_idx ON profile (json_extract(data, '$.country'));
