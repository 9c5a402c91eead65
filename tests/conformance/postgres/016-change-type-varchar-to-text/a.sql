CREATE TABLE article (
    id integer PRIMARY KEY,
    slug varchar(100) NOT NULL
);

CREATE INDEX article_slug_idx ON article (slug);
