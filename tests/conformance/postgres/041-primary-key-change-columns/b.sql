CREATE TABLE enrollment (
    id integer NOT NULL,
    student_id integer NOT NULL,
    course_id integer NOT NULL,
    PRIMARY KEY (student_id, course_id)
);
