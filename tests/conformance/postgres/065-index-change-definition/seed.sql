INSERT INTO event_log VALUES (1, 'login', 'ann', now()), (2, 'logout', NULL, now());
