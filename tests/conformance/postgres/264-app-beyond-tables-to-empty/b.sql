CREATE TABLE public.keep_me (
    id integer PRIMARY KEY
);
