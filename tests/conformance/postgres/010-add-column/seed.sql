INSERT INTO customer VALUES (1, 'ann'), (2, 'bob');
