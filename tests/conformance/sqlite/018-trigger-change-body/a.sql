CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TRIGGER post_guard BEFORE DELETE ON post
BEGIN
    SELECT RAISE(ABORT, 'posts cannot be deleted');
END;
