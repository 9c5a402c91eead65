CREATE TABLE department (
    id integer PRIMARY KEY,
    name text NOT NULL,
    manager_id integer
);

CREATE TABLE employee (
    id integer PRIMARY KEY,
    name text NOT NULL,
    department_id integer REFERENCES department (id)
);

ALTER TABLE department
    ADD CONSTRAINT department_manager_fk FOREIGN KEY (manager_id)
    REFERENCES employee (id) DEFERRABLE INITIALLY DEFERRED;
