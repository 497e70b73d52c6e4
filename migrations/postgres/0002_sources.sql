-- Sources: the same tables as migrations/sqlite/0002_sources.sql: per-store webhook
-- configuration, the Shopify fulfillment -> tracking number map, the quarantine of authentic
-- payloads that could not be read, and source health counters.

CREATE TABLE source_configs (
  store_id text NOT NULL REFERENCES stores (id),
  source text NOT NULL,
  secret text NOT NULL,
  url_token text,
  shop_domain text,
  -- Generic sources: auth and JSONata mapping (docs/sources.md); null for the built-in providers.
  settings jsonb,
  created_at text NOT NULL,
  PRIMARY KEY (store_id, source)
);

CREATE TABLE fulfillment_parcels (
  store_id text NOT NULL,
  fulfillment_id text NOT NULL,
  tracking_number text NOT NULL,
  PRIMARY KEY (store_id, fulfillment_id)
);

CREATE TABLE quarantine (
  id text PRIMARY KEY,
  store_id text NOT NULL,
  source text NOT NULL,
  received_at text NOT NULL,
  content_type text NOT NULL,
  headers jsonb NOT NULL,
  body bytea NOT NULL,
  error text NOT NULL,
  replayed_at text,
  replay_result text
);
CREATE INDEX quarantine_by_store ON quarantine (store_id, received_at);

-- One row per store, source and UTC hour: counts only, so health reads never scan the event log.
CREATE TABLE source_stats (
  store_id text NOT NULL,
  source text NOT NULL,
  hour text NOT NULL,
  events integer NOT NULL DEFAULT 0,
  signature_failures integer NOT NULL DEFAULT 0,
  parse_failures integer NOT NULL DEFAULT 0,
  unmapped integer NOT NULL DEFAULT 0,
  last_event_at text,
  PRIMARY KEY (store_id, source, hour)
);

CREATE TABLE source_unmapped_codes (
  store_id text NOT NULL,
  source text NOT NULL,
  code text NOT NULL,
  count integer NOT NULL,
  last_seen_at text NOT NULL,
  PRIMARY KEY (store_id, source, code)
);
