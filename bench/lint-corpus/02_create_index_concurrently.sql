SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY users_email ON users (email);
