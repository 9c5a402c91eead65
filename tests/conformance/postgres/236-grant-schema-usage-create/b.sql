CREATE SCHEMA reporting;

GRANT USAGE ON SCHEMA reporting TO strata_conf_reader;
GRANT USAGE, CREATE ON SCHEMA reporting TO strata_conf_writer;
