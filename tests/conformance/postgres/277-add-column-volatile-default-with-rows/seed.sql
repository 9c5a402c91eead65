INSERT INTO event SELECT g, 'k' || g FROM generate_series(1, 50) g;
