// The providers of each store's channels, read from the store and kept warm: transports (SMTP
// pools, HTTP clients) are created once per provider config and closed when the config changes.
// Rate-limit buckets are the store's (`Store.rateBuckets`): shared by every process on
// PostgreSQL, so several workers together keep a provider's rate. Configs refresh at most once a
// second, like workflows, so a change applies within a second in every process.

import { takeToken, tryTakeToken, type BucketState, type RateLimit } from '../core/channels/token-bucket.ts';
import { OUTBOX_PROVIDER, type ChannelConfigRecord, type ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { ChannelProviders, ChannelTransport } from '../core/ports/channel.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import type { ChannelName } from '../core/workflows/workflow-schema.ts';

export interface ChannelPool {
  /** The providers of a channel in order of preference; the outbox when none is configured. */
  providersFor(storeId: string, channel: ChannelName): Promise<ChannelProviderConfig[]>;
  transport(storeId: string, channel: ChannelName, config: ChannelProviderConfig): ChannelTransport;
  /** When the next message to this provider may go (a future slot when over its rate). */
  takeSlot(storeId: string, channel: ChannelName, config: ChannelProviderConfig, nowMs: number): Promise<number>;
  /**
   * The guard at the moment of sending: 0 when the provider may take a message now, else how long
   * to wait. Never borrows, so late promised slots cannot bunch above burst plus rate.
   */
  sendNow(storeId: string, channel: ChannelName, config: ChannelProviderConfig, nowMs: number): Promise<number>;
  /**
   * Whether `takeSlot` and `sendNow` would let a message go now, as far as this process saw the
   * buckets last (another process may have taken the room since: the take decides); takes nothing.
   */
  hasRoomNow(storeId: string, channel: ChannelName, config: ChannelProviderConfig, nowMs: number): boolean;
  /** The provider said "slow down until": hold its bucket. */
  pause(storeId: string, channel: ChannelName, config: ChannelProviderConfig, nowMs: number, untilMs: number): Promise<void>;
  /** Forget cached configs of a store (after a save in this process). */
  invalidate(storeId: string): void;
  close(): Promise<void>;
}

export function createChannelPool(store: Store, clock: Clock, providers: ChannelProviders, options: { refreshMs?: number } = {}): ChannelPool {
  const refreshMs = options.refreshMs ?? 1_000;
  const configs = new Map<string, { atMs: number; byChannel: Map<string, ChannelConfigRecord> }>();
  const transports = new Map<string, { fingerprint: string; transport: ChannelTransport }>();
  const buckets = store.rateBuckets;
  // The promised slots (which may owe) and the guard of actual sends (never owes), per provider;
  // `seen` holds each bucket as this process last read it back.
  // Unit separators: a bucket's key is text PostgreSQL stores, which holds no U+0000.
  const keyOf = (storeId: string, channel: string, name: string) => `${storeId}\u001f${channel}\u001f${name}`;
  const guardKey = (key: string) => `${key}\u001fguard`;
  const seen = new Map<string, BucketState>();
  const remember = <T extends { state: BucketState }>(key: string, result: T): T => {
    seen.set(key, result.state);
    return result;
  };

  return {
    async providersFor(storeId, channel) {
      let cached = configs.get(storeId);
      if (!cached || clock.nowMs() - cached.atMs >= refreshMs) {
        const records = await store.admin.listChannelConfigs(storeId);
        cached = { atMs: clock.nowMs(), byChannel: new Map(records.map((r) => [r.channel, r])) };
        configs.set(storeId, cached);
      }
      const record = cached.byChannel.get(channel);
      return record && record.providers.length > 0 ? record.providers : [OUTBOX_PROVIDER];
    },
    transport(storeId, channel, config) {
      const key = keyOf(storeId, channel, config.name);
      const fingerprint = JSON.stringify([config.provider, config.settings]);
      const existing = transports.get(key);
      if (existing && existing.fingerprint === fingerprint) return existing.transport;
      if (existing) void existing.transport.close().catch(() => undefined);
      const transport = providers.create(channel, config);
      transports.set(key, { fingerprint, transport });
      return transport;
    },
    async takeSlot(storeId, channel, config, nowMs) {
      const key = keyOf(storeId, channel, config.name);
      return remember(key, await buckets.take(key, config.rateLimit, nowMs)).atMs;
    },
    async sendNow(storeId, channel, config, nowMs) {
      const key = guardKey(keyOf(storeId, channel, config.name));
      return remember(key, await buckets.tryTake(key, guardLimit(config), nowMs)).waitMs;
    },
    hasRoomNow(storeId, channel, config, nowMs) {
      const key = keyOf(storeId, channel, config.name);
      return takeToken(seen.get(key) ?? null, config.rateLimit, nowMs).atMs <= nowMs && tryTakeToken(seen.get(guardKey(key)) ?? null, guardLimit(config), nowMs).waitMs === 0;
    },
    async pause(storeId, channel, config, nowMs, untilMs) {
      const key = keyOf(storeId, channel, config.name);
      seen.set(key, await buckets.pause(key, config.rateLimit, nowMs, untilMs));
      seen.set(guardKey(key), await buckets.pause(guardKey(key), guardLimit(config), nowMs, untilMs));
    },
    invalidate(storeId) {
      configs.delete(storeId);
    },
    async close() {
      await Promise.all([...transports.values()].map((t) => t.transport.close().catch(() => undefined)));
      transports.clear();
    },
  };
}

/**
 * The guard of actual sends: half the burst at most, at once. Requests in flight reach the
 * provider a little bunched, and the margin keeps even that within burst plus rate in any second.
 */
function guardLimit(config: ChannelProviderConfig): RateLimit {
  return { perSecond: config.rateLimit.perSecond, burst: Math.max(1, Math.floor(config.rateLimit.burst / 2)) };
}
