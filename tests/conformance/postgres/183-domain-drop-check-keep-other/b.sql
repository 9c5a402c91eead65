CREATE DOMAIN username AS text
    CONSTRAINT username_length CHECK (length(VALUE) BETWEEN 3 AND 32);
