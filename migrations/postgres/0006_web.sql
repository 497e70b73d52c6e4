-- Web: each order's tracking-page token (an unguessable random string in the order's body; the
-- URL carries no order id), page visit counters for the self-service scorecard, and the
-- dashboard's users and sessions.

ALTER TABLE orders ADD COLUMN tracking_token text GENERATED ALWAYS AS (body->>'trackingToken') STORED;
CREATE INDEX orders_by_tracking_token ON orders (tracking_token) WHERE tracking_token IS NOT NULL;

CREATE TABLE page_visits (
  store_id text NOT NULL,
  day text NOT NULL,
  page text NOT NULL,
  visits bigint NOT NULL,
  PRIMARY KEY (store_id, day, page)
);

CREATE TABLE users (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  email text NOT NULL,
  body jsonb NOT NULL,
  created_at text NOT NULL,
  UNIQUE (store_id, email)
);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL,
  store_id text NOT NULL,
  expires_at text NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at COLLATE "C");
