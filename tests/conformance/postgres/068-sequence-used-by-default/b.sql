CREATE SEQUENCE voucher_serial_seq START WITH 500;

CREATE TABLE voucher (
    code text PRIMARY KEY,
    serial_no bigint DEFAULT nextval('voucher_serial_seq')
);
