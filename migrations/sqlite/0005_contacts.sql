-- Contacts: find a store's orders by the customer's email, phone or the storefront's order number
-- (GET /v1/context, docs/agent-context.md). Generated from the order's body like customer_ref
-- (0003), so every write of an order keeps them right and existing orders have them at once.
-- Emails are kept in lower case; phones as their digits (spaces, dashes, dots, slashes,
-- parentheses and a leading + dropped); numbers without a leading '#', in lower case. Lookups
-- apply the same expression to what they search for (src/adapters/store/sqlite/sql/contacts.ts).

ALTER TABLE orders ADD COLUMN customer_email TEXT
  GENERATED ALWAYS AS (nullif(lower(trim(json_extract(body, '$.facts.customer.email'))), '')) VIRTUAL;
ALTER TABLE orders ADD COLUMN customer_phone TEXT
  GENERATED ALWAYS AS (nullif(replace(replace(replace(replace(replace(replace(replace(
    json_extract(body, '$.facts.customer.phone'), ' ', ''), '-', ''), '.', ''), '/', ''), '(', ''), ')', ''), '+', ''), '')) VIRTUAL;
ALTER TABLE orders ADD COLUMN order_number TEXT
  GENERATED ALWAYS AS (nullif(lower(ltrim(trim(json_extract(body, '$.facts.number')), '#')), '')) VIRTUAL;

CREATE INDEX orders_by_email ON orders (store_id, customer_email) WHERE customer_email IS NOT NULL;
CREATE INDEX orders_by_phone ON orders (store_id, customer_phone) WHERE customer_phone IS NOT NULL;
CREATE INDEX orders_by_number ON orders (store_id, order_number) WHERE order_number IS NOT NULL;
