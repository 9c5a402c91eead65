SET lock_timeout = '2s';
ALTER TABLE users RENAME COLUMN email TO email_address;
