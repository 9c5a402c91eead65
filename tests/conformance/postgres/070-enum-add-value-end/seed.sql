INSERT INTO purchase VALUES (1, 'pending'), (2, 'paid'), (3, 'shipped');
