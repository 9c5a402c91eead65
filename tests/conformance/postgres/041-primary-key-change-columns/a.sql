CREATE TABLE enrollment (
    id integer PRIMARY KEY,
    student_id integer NOT NULL,
    course_id integer NOT NULL
);
