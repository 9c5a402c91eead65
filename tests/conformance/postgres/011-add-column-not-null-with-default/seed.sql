INSERT INTO account VALUES (1), (2), (3);
