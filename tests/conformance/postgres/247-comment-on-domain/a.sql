CREATE DOMAIN short_text AS varchar(80);
