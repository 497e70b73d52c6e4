-- Sources: per-store webhook configuration, the Shopify fulfillment -> tracking number map,
-- the quarantine of authentic payloads that could not be read, and source health counters.

CREATE TABLE source_configs (
  store_id TEXT NOT NULL REFERENCES stores (id),
  source TEXT NOT NULL,
  secret TEXT NOT NULL,
  url_token TEXT,
  shop_domain TEXT,
  -- Generic sources: auth and JSONata mapping (docs/sources.md); null for the built-in providers.
  settings TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (store_id, source)
) WITHOUT ROWID;

CREATE TABLE fulfillment_parcels (
  store_id TEXT NOT NULL,
  fulfillment_id TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  PRIMARY KEY (store_id, fulfillment_id)
) WITHOUT ROWID;

CREATE TABLE quarantine (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  source TEXT NOT NULL,
  received_at TEXT NOT NULL,
  content_type TEXT NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL,
  error TEXT NOT NULL,
  replayed_at TEXT,
  replay_result TEXT
);
CREATE INDEX quarantine_by_store ON quarantine (store_id, received_at);

-- One row per store, source and UTC hour: counts only, so health reads never scan the event log.
CREATE TABLE source_stats (
  store_id TEXT NOT NULL,
  source TEXT NOT NULL,
  hour TEXT NOT NULL,
  events INTEGER NOT NULL DEFAULT 0,
  signature_failures INTEGER NOT NULL DEFAULT 0,
  parse_failures INTEGER NOT NULL DEFAULT 0,
  unmapped INTEGER NOT NULL DEFAULT 0,
  last_event_at TEXT,
  PRIMARY KEY (store_id, source, hour)
) WITHOUT ROWID;

CREATE TABLE source_unmapped_codes (
  store_id TEXT NOT NULL,
  source TEXT NOT NULL,
  code TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (store_id, source, code)
) WITHOUT ROWID;
