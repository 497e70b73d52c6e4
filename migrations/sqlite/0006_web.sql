-- Web: each order's tracking-page token (an unguessable random string in the order's body; the
-- URL carries no order id), page visit counters for the self-service scorecard, and the
-- dashboard's users and sessions.

ALTER TABLE orders ADD COLUMN tracking_token TEXT GENERATED ALWAYS AS (json_extract(body, '$.trackingToken')) VIRTUAL;
CREATE INDEX orders_by_tracking_token ON orders (tracking_token) WHERE tracking_token IS NOT NULL;

CREATE TABLE page_visits (
  store_id TEXT NOT NULL,
  day TEXT NOT NULL,
  page TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (store_id, day, page)
) WITHOUT ROWID;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  email TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (store_id, email)
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
