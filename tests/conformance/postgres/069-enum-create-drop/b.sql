CREATE SCHEMA ref;

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

CREATE TYPE ref.size AS ENUM ('s', 'm', 'l', 'xl');
