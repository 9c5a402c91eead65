INSERT INTO city VALUES (1, 'Oslo'), (2, 'Lima');
