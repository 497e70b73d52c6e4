-- Channels: which providers deliver each channel of a store, customers' consent per channel and
-- purpose, install-wide secrets (signing message links), and the provider's message id of each
-- notification so receipts find it.

CREATE TABLE channel_configs (
  store_id text NOT NULL REFERENCES stores (id),
  channel text NOT NULL,
  body jsonb NOT NULL,
  updated_at text NOT NULL,
  PRIMARY KEY (store_id, channel)
);

-- One row per (store, channel, address, purpose): the newest word wins, the body keeps every change.
CREATE TABLE consents (
  store_id text NOT NULL,
  channel text NOT NULL,
  address text NOT NULL,
  purpose text NOT NULL,
  contact text,
  status text NOT NULL,
  at text NOT NULL,
  body jsonb NOT NULL,
  PRIMARY KEY (store_id, channel, address, purpose)
);
CREATE INDEX consents_by_address ON consents (store_id, address);
CREATE INDEX consents_by_contact ON consents (store_id, contact) WHERE contact IS NOT NULL;

CREATE TABLE install_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at text NOT NULL
);

ALTER TABLE notifications ADD COLUMN provider_message_id text GENERATED ALWAYS AS (body->>'providerMessageId') STORED;
CREATE INDEX notifications_by_provider_id ON notifications (store_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
