-- Foundation: stores and keys, the raw archive, the event log, the order and shipment
-- projections, and the job table; the same tables as migrations/sqlite/0001_foundation.sql.
-- Records are JSONB bodies with the columns that queries need. Timestamps the port hands back
-- (created_at, updated_at, ...) are kept as the exact ISO-8601 text they were given; the event
-- log's times are timestamptz because the log is partitioned and ordered by them.
-- See docs/postgres.md for every decision.

CREATE TABLE stores (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at text NOT NULL
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores (id),
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  name text NOT NULL,
  created_at text NOT NULL,
  revoked_at text
);
CREATE INDEX api_keys_by_store ON api_keys (store_id);

CREATE TABLE raw_payloads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id text NOT NULL,
  source text NOT NULL,
  received_at text NOT NULL,
  content_type text NOT NULL,
  headers jsonb NOT NULL,
  body bytea NOT NULL
);

-- Dedupe of the event log. A unique constraint on a partitioned table must include the partition
-- key, so (store, source, event id) uniqueness lives here, unpartitioned, written in the same
-- statement as the log row. `seq` and `received_at` locate the log row (and its partition).
CREATE TABLE event_ids (
  store_id text NOT NULL,
  source text NOT NULL,
  event_id text NOT NULL,
  seq bigint NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (store_id, source, event_id)
);

-- Position in the store-wide log, increasing with acceptance order.
CREATE SEQUENCE events_seq AS bigint OWNED BY event_ids.seq;

-- The event log, one partition per calendar month (UTC) of received_at. Month partitions are
-- named events_pYYYYMM and are created by the adapter ahead of time; the DEFAULT partition
-- catches anything else until maintenance moves it into its month (docs/postgres.md).
CREATE TABLE events (
  seq bigint NOT NULL,
  store_id text NOT NULL,
  source text NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  order_ref text,
  tracking_number text,
  body jsonb NOT NULL,
  PRIMARY KEY (seq, received_at)
) PARTITION BY RANGE (received_at);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_by_order ON events (store_id, order_ref, occurred_at, seq) WHERE order_ref IS NOT NULL;
CREATE INDEX events_by_tracking ON events (store_id, tracking_number, occurred_at, seq) WHERE tracking_number IS NOT NULL;

CREATE TABLE orders (
  store_id text NOT NULL,
  order_ref text NOT NULL,
  body jsonb NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (store_id, order_ref)
);

CREATE TABLE shipments (
  store_id text NOT NULL,
  tracking_number text NOT NULL,
  id text NOT NULL UNIQUE,
  order_ref text,
  carrier text,
  state text NOT NULL,
  body jsonb NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (store_id, tracking_number)
);
CREATE INDEX shipments_by_order ON shipments (store_id, order_ref) WHERE order_ref IS NOT NULL;

-- Durable jobs. Times the queue compares (due_at, locked_until) are epoch milliseconds, like
-- SQLite's, so claiming is a plain bigint range scan.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  store_id text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  payload jsonb NOT NULL,
  due_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  locked_until bigint,
  locked_by text,
  last_error text,
  dead_at text,
  created_at text NOT NULL,
  UNIQUE (store_id, key)
);
-- Claims and nextDueAtMs walk this index from the earliest due time and stop at the first job
-- due in the future, so a million timers waiting for later cost nothing. Dead jobs leave it.
CREATE INDEX jobs_by_due ON jobs (due_at) WHERE dead_at IS NULL;
-- Small indexes over the few leased and dead jobs, so `stats` (polled by the capacity guard)
-- counts them without reading the heap.
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE locked_until IS NOT NULL;
CREATE INDEX jobs_dead ON jobs (dead_at) WHERE dead_at IS NOT NULL;
