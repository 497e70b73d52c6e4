// The columns an order is looked up by, and how each is derived from the order's JSON body.
// The store writes them from these expressions (sql/projections.ts), lookups normalize what they
// search for with the same ones (sql/contacts.ts), and migrations/sqlite/0008_write_less.sql
// filled them the same way for orders stored before.

/** Emails in lower case; empty is none. */
export const EMAIL = (value: string) => `nullif(lower(trim(${value})), '')`;
/** Phones as their digits: spaces, dashes, dots, slashes, parentheses and plus signs dropped. */
export const PHONE = (value: string) =>
  `nullif(replace(replace(replace(replace(replace(replace(replace(${value}, ' ', ''), '-', ''), '.', ''), '/', ''), '(', ''), ')', ''), '+', ''), '')`;
/** Storefront order numbers without a leading '#', in lower case. */
export const NUMBER = (value: string) => `nullif(lower(ltrim(trim(${value}), '#')), '')`;

/** Each key column with its expression over a body (a SQL parameter or column). */
export const ORDER_KEYS: readonly { column: string; of: (body: string) => string }[] = [
  { column: 'customer_ref', of: (body) => `json_extract(${body}, '$.customerRef')` },
  { column: 'customer_email', of: (body) => EMAIL(`json_extract(${body}, '$.facts.customer.email')`) },
  { column: 'customer_phone', of: (body) => PHONE(`json_extract(${body}, '$.facts.customer.phone')`) },
  { column: 'order_number', of: (body) => NUMBER(`json_extract(${body}, '$.facts.number')`) },
  { column: 'tracking_token', of: (body) => `json_extract(${body}, '$.trackingToken')` },
];
