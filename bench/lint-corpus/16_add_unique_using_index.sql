SET lock_timeout = '2s';
ALTER TABLE events ADD CONSTRAINT events_key UNIQUE USING INDEX events_key_idx;
