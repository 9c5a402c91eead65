CREATE TABLE voucher (
    code text PRIMARY KEY,
    serial_no bigint
);
