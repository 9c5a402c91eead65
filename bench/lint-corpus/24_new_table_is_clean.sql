CREATE TABLE widgets (id bigint PRIMARY KEY, name text NOT NULL);
CREATE INDEX widgets_name ON widgets (name);
ALTER TABLE widgets ADD CONSTRAINT widgets_name_check CHECK (name <> '');
