-- Foundation: stores and keys, the raw archive, the event log, the order and shipment
-- projections, and the job table. Records are JSON bodies with the columns that queries need.

CREATE TABLE stores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES stores (id),
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE raw_payloads (
  id INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  content_type TEXT NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL
);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  order_ref TEXT,
  tracking_number TEXT,
  body TEXT NOT NULL,
  UNIQUE (store_id, source, event_id)
);
CREATE INDEX events_by_order ON events (store_id, order_ref) WHERE order_ref IS NOT NULL;
CREATE INDEX events_by_tracking ON events (store_id, tracking_number) WHERE tracking_number IS NOT NULL;

CREATE TABLE orders (
  store_id TEXT NOT NULL,
  order_ref TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, order_ref)
) WITHOUT ROWID;

CREATE TABLE shipments (
  store_id TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  id TEXT NOT NULL UNIQUE,
  order_ref TEXT,
  carrier TEXT,
  state TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, tracking_number)
) WITHOUT ROWID;
CREATE INDEX shipments_by_order ON shipments (store_id, order_ref) WHERE order_ref IS NOT NULL;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  payload TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  locked_until INTEGER,
  locked_by TEXT,
  last_error TEXT,
  dead_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (store_id, key)
);
CREATE INDEX jobs_by_due ON jobs (due_at) WHERE dead_at IS NULL;
