CREATE FUNCTION payroll_total() RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT 42::numeric $$;

REVOKE EXECUTE ON FUNCTION payroll_total() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payroll_total() TO strata_conf_reader;
