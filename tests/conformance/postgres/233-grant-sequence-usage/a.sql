CREATE SEQUENCE invoice_number_seq;

GRANT UPDATE ON SEQUENCE invoice_number_seq TO strata_conf_writer;
