// Which providers deliver one channel of a store, in order: the first is primary, the rest are
// backups tried on a permanent failure (docs/channels.md). Settings hold credentials; they are
// redacted whenever a config is shown.

import type { RateLimit } from '../channels/token-bucket.ts';
import type { ChannelName } from '../workflows/workflow-schema.ts';

export interface ChannelProviderConfig {
  /** Unique within the channel: names the provider in attempts and receipts (default: the provider). */
  name: string;
  /** Adapter: `smtp`, `twilio`, `http-sms`, `whatsapp-cloud`, `telegram`, `webhook`, `slack`, `outbox`. */
  provider: string;
  settings: Record<string, unknown>;
  rateLimit: RateLimit;
}

export interface ChannelConfigRecord {
  storeId: string;
  channel: ChannelName;
  providers: ChannelProviderConfig[];
  updatedAt: string;
}

/** Where a channel without a configured provider delivers: the store's outbox, never nowhere. */
export const OUTBOX_PROVIDER: Readonly<ChannelProviderConfig> = Object.freeze({ name: 'outbox', provider: 'outbox', settings: {}, rateLimit: { perSecond: 1_000, burst: 1_000 } });
