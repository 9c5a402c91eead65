CREATE TABLE folder (
    id INTEGER PRIMARY KEY
);

CREATE TABLE doc (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folder (id) ON DELETE CASCADE,
    archive_folder_id INTEGER
);
