CREATE TABLE app_user (
    id bigint PRIMARY KEY
);
