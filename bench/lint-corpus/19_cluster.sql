SET lock_timeout = '2s';
CLUSTER users USING users_pkey;
