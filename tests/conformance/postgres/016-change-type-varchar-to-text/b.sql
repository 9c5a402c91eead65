CREATE TABLE article (
    id integer PRIMARY KEY,
    slug text NOT NULL
);

CREATE INDEX article_slug_idx ON article (slug);
