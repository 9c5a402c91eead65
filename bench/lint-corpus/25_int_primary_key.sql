CREATE TABLE counters (id int PRIMARY KEY, label varchar(50));
