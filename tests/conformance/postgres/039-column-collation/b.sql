CREATE TABLE tag (
    id integer PRIMARY KEY,
    name text COLLATE "C" NOT NULL,
    label varchar(30) COLLATE "POSIX"
);
