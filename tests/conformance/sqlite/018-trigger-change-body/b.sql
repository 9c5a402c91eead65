CREATE TABLE post (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);

CREATE TRIGGER post_guard BEFORE UPDATE OF body ON post
WHEN NEW.body = ''
BEGIN
    SELECT RAISE(ABORT, 'empty body; write something');
END;
