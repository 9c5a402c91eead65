CREATE TABLE shipment (
    id serial PRIMARY KEY,
    carrier text
);
