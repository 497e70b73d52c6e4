-- Channels: which providers deliver each channel of a store, customers' consent per channel and
-- purpose, install-wide secrets (signing message links), and the provider's message id of each
-- notification so receipts find it.

CREATE TABLE channel_configs (
  store_id TEXT NOT NULL REFERENCES stores (id),
  channel TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (store_id, channel)
) WITHOUT ROWID;

-- One row per (store, channel, address, purpose): the newest word wins, the body keeps every change.
CREATE TABLE consents (
  store_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  purpose TEXT NOT NULL,
  contact TEXT,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (store_id, channel, address, purpose)
) WITHOUT ROWID;
CREATE INDEX consents_by_address ON consents (store_id, address);
CREATE INDEX consents_by_contact ON consents (store_id, contact) WHERE contact IS NOT NULL;

CREATE TABLE install_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE notifications ADD COLUMN provider_message_id TEXT GENERATED ALWAYS AS (json_extract(body, '$.providerMessageId')) VIRTUAL;
CREATE INDEX notifications_by_provider_id ON notifications (store_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
