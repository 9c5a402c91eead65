CREATE TYPE stage AS ENUM ('checkout', 'build', 'test', 'deploy');

CREATE TABLE pipeline_step (
    id integer PRIMARY KEY,
    stage stage NOT NULL
);
