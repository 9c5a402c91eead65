CREATE TABLE folder (
    id integer PRIMARY KEY
);

CREATE TABLE doc (
    id integer PRIMARY KEY,
    folder_id integer NOT NULL,
    CONSTRAINT doc_folder_fk FOREIGN KEY (folder_id) REFERENCES folder (id) ON DELETE CASCADE
);
