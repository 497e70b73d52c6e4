-- Workflows: versioned workflow documents, the notifications they create, their run log, the
-- case queue, and per-store settings. Records are JSON bodies with the columns queries need.

-- How many orders a customer has (first-time buyer = 1). Generated from the order's body, so
-- every write of an order keeps it right and existing orders have it at once.
ALTER TABLE orders ADD COLUMN customer_ref TEXT GENERATED ALWAYS AS (json_extract(body, '$.customerRef')) VIRTUAL;
CREATE INDEX orders_by_customer ON orders (store_id, customer_ref) WHERE customer_ref IS NOT NULL;

CREATE TABLE store_settings (
  store_id TEXT PRIMARY KEY REFERENCES stores (id),
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- One row per workflow: which version is current and whether it runs.
CREATE TABLE workflows (
  store_id TEXT NOT NULL REFERENCES stores (id),
  workflow_id TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  enabled INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, workflow_id)
) WITHOUT ROWID;

-- Every saved version, immutable: runs stay pinned to the version they started with.
CREATE TABLE workflow_versions (
  store_id TEXT NOT NULL,
  workflow_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  source_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (store_id, workflow_id, version)
) WITHOUT ROWID;

-- One notification per (store, order, milestone key, channel), ever.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  order_ref TEXT NOT NULL,
  milestone_key TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  recipient TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  body TEXT NOT NULL,
  UNIQUE (store_id, order_ref, milestone_key, channel)
);
-- The frequency cap: messages sent to one recipient since a time.
CREATE INDEX notifications_by_recipient ON notifications (store_id, recipient, sent_at) WHERE recipient IS NOT NULL AND sent_at IS NOT NULL;
-- The outbox, newest first.
CREATE INDEX notifications_by_store ON notifications (store_id, created_at);

-- The run log, append-only; seq keeps the order of entries with the same time.
CREATE TABLE workflow_activity (
  seq INTEGER PRIMARY KEY,
  store_id TEXT NOT NULL,
  order_ref TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX workflow_activity_by_order ON workflow_activity (store_id, order_ref, at, seq);

-- The review queue: at most one open case per (store, order, reason).
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  order_ref TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_open_per_reason ON cases (store_id, order_ref, reason) WHERE status = 'open';
CREATE INDEX cases_by_status ON cases (store_id, status, opened_at);
CREATE INDEX cases_by_order ON cases (store_id, order_ref, opened_at);
