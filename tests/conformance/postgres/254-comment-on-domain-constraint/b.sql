CREATE DOMAIN rating AS smallint
    CONSTRAINT rating_range CHECK (VALUE BETWEEN 1 AND 5);

COMMENT ON CONSTRAINT rating_range ON DOMAIN rating IS 'Five-star scale';
