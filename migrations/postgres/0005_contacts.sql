-- Contacts: the same columns as migrations/sqlite/0005_contacts.sql: find a store's orders by
-- the customer's email, phone or the storefront's order number (GET /v1/context,
-- docs/agent-context.md). Generated from the order's body like customer_ref (0003). Emails are
-- kept in lower case; phones as their digits (spaces, dashes, dots, slashes, parentheses and a
-- leading + dropped); numbers without a leading '#', in lower case. Lookups apply the same
-- expression to what they search for (src/adapters/store/postgres/sql/contacts.ts).

ALTER TABLE orders ADD COLUMN customer_email text
  GENERATED ALWAYS AS (nullif(lower(trim(body #>> '{facts,customer,email}')), '')) STORED;
ALTER TABLE orders ADD COLUMN customer_phone text
  GENERATED ALWAYS AS (nullif(replace(replace(replace(replace(replace(replace(replace(
    body #>> '{facts,customer,phone}', ' ', ''), '-', ''), '.', ''), '/', ''), '(', ''), ')', ''), '+', ''), '')) STORED;
ALTER TABLE orders ADD COLUMN order_number text
  GENERATED ALWAYS AS (nullif(lower(ltrim(trim(body #>> '{facts,number}'), '#')), '')) STORED;

CREATE INDEX orders_by_email ON orders (store_id, customer_email) WHERE customer_email IS NOT NULL;
CREATE INDEX orders_by_phone ON orders (store_id, customer_phone) WHERE customer_phone IS NOT NULL;
CREATE INDEX orders_by_number ON orders (store_id, order_number) WHERE order_number IS NOT NULL;
