INSERT INTO measurement VALUES (1, '2023-05-01', 20), (2, '2023-06-01', 25);
