-- Workflows: the same tables as migrations/sqlite/0003_workflows.sql: versioned workflow
-- documents, the notifications they create, their run log, the case queue, and per-store
-- settings. JSONB bodies with the columns queries need; timestamps the port hands back are the
-- exact ISO-8601 text they were given, so the time columns that are compared or sorted are
-- indexed COLLATE "C" (byte order, like SQLite), the collation every query uses.

-- How many orders a customer has (first-time buyer = 1). Generated from the order's body, so
-- every write of an order keeps it right and existing orders have it at once.
ALTER TABLE orders ADD COLUMN customer_ref text GENERATED ALWAYS AS (body ->> 'customerRef') STORED;
CREATE INDEX orders_by_customer ON orders (store_id, customer_ref) WHERE customer_ref IS NOT NULL;

CREATE TABLE store_settings (
  store_id text PRIMARY KEY REFERENCES stores (id),
  body jsonb NOT NULL,
  updated_at text NOT NULL
);

-- One row per workflow: which version is current and whether it runs.
CREATE TABLE workflows (
  store_id text NOT NULL REFERENCES stores (id),
  workflow_id text NOT NULL,
  current_version integer NOT NULL,
  enabled boolean NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (store_id, workflow_id)
);

-- Every saved version, immutable: runs stay pinned to the version they started with.
CREATE TABLE workflow_versions (
  store_id text NOT NULL,
  workflow_id text NOT NULL,
  version integer NOT NULL,
  document jsonb NOT NULL,
  source_text text NOT NULL,
  created_at text NOT NULL,
  created_by text NOT NULL,
  PRIMARY KEY (store_id, workflow_id, version)
);

-- One notification per (store, order, milestone key, channel), ever.
CREATE TABLE notifications (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  order_ref text NOT NULL,
  milestone_key text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL,
  recipient text,
  created_at text NOT NULL,
  sent_at text,
  body jsonb NOT NULL,
  UNIQUE (store_id, order_ref, milestone_key, channel)
);
-- The frequency cap: messages sent to one recipient since a time.
CREATE INDEX notifications_by_recipient ON notifications (store_id, recipient, sent_at COLLATE "C")
  WHERE recipient IS NOT NULL AND sent_at IS NOT NULL;
-- The outbox, newest first.
CREATE INDEX notifications_by_store ON notifications (store_id, created_at COLLATE "C");

-- The run log, append-only; seq keeps the order of entries with the same time.
CREATE TABLE workflow_activity (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id text NOT NULL,
  order_ref text NOT NULL,
  at text NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX workflow_activity_by_order ON workflow_activity (store_id, order_ref, at COLLATE "C", seq);

-- The review queue: at most one open case per (store, order, reason); openCase relies on the
-- partial unique index (ON CONFLICT) to stay right when two processes open the same case.
CREATE TABLE cases (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  order_ref text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL,
  opened_at text NOT NULL,
  body jsonb NOT NULL
);
CREATE UNIQUE INDEX cases_open_per_reason ON cases (store_id, order_ref, reason) WHERE status = 'open';
CREATE INDEX cases_by_status ON cases (store_id, status, opened_at COLLATE "C");
CREATE INDEX cases_by_order ON cases (store_id, order_ref, opened_at COLLATE "C");
