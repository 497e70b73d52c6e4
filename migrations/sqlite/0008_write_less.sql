-- Fewer index writes per order and parcel update (docs/storage.md, "Write volume").
--
-- The order's lookup keys (customer, email, phone, number, tracking token) were VIRTUAL columns
-- generated from the body. SQLite rewrites every index on such a column whenever the body is
-- set, even when the key did not change: five index pages more in the WAL for each order
-- update. They become plain columns, written by the store only when a key changes
-- (src/adapters/store/sqlite/sql/order-keys.ts holds the same expressions as below).
-- A parcel's place in its order's list sorted by a json_extract of the body, so the same held
-- for it; `created_at` becomes a column. `shipments_by_order` is a prefix of `shipments_of_order`
-- and goes.

DROP INDEX orders_by_customer;
DROP INDEX orders_by_email;
DROP INDEX orders_by_phone;
DROP INDEX orders_by_number;
DROP INDEX orders_by_tracking_token;
ALTER TABLE orders DROP COLUMN customer_ref;
ALTER TABLE orders DROP COLUMN customer_email;
ALTER TABLE orders DROP COLUMN customer_phone;
ALTER TABLE orders DROP COLUMN order_number;
ALTER TABLE orders DROP COLUMN tracking_token;
ALTER TABLE orders ADD COLUMN customer_ref TEXT;
ALTER TABLE orders ADD COLUMN customer_email TEXT;
ALTER TABLE orders ADD COLUMN customer_phone TEXT;
ALTER TABLE orders ADD COLUMN order_number TEXT;
ALTER TABLE orders ADD COLUMN tracking_token TEXT;
-- Emails in lower case; phones without spaces, dashes, dots, slashes, parentheses and plus signs;
-- numbers without a leading '#', in lower case (as 0005_contacts.sql had them).
UPDATE orders SET
  customer_ref = json_extract(body, '$.customerRef'),
  customer_email = nullif(lower(trim(json_extract(body, '$.facts.customer.email'))), ''),
  customer_phone = nullif(replace(replace(replace(replace(replace(replace(replace(
    json_extract(body, '$.facts.customer.phone'), ' ', ''), '-', ''), '.', ''), '/', ''), '(', ''), ')', ''), '+', ''), ''),
  order_number = nullif(lower(ltrim(trim(json_extract(body, '$.facts.number')), '#')), ''),
  tracking_token = json_extract(body, '$.trackingToken');
CREATE INDEX orders_by_customer ON orders (store_id, customer_ref) WHERE customer_ref IS NOT NULL;
CREATE INDEX orders_by_email ON orders (store_id, customer_email) WHERE customer_email IS NOT NULL;
CREATE INDEX orders_by_phone ON orders (store_id, customer_phone) WHERE customer_phone IS NOT NULL;
CREATE INDEX orders_by_number ON orders (store_id, order_number) WHERE order_number IS NOT NULL;
CREATE INDEX orders_by_tracking_token ON orders (tracking_token) WHERE tracking_token IS NOT NULL;

DROP INDEX shipments_of_order;
DROP INDEX shipments_by_order;
ALTER TABLE shipments ADD COLUMN created_at TEXT;
UPDATE shipments SET created_at = json_extract(body, '$.createdAt');
CREATE INDEX shipments_of_order ON shipments (store_id, order_ref, created_at, tracking_number) WHERE order_ref IS NOT NULL;
