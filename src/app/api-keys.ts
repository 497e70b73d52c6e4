// API keys: created once and shown once; stored only as a sha256 hash; scoped to one store.

import { createHash } from 'node:crypto';
import { AuthenticationError, NotFoundError } from '../core/errors.ts';
import type { Clock } from '../core/ports/clock.ts';
import { isoAt } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { ApiKeyRecord, Store } from '../core/ports/store.ts';

const KEY_PREFIX = 'hk_';

export interface KeyDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
}

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The whole key. It is shown this once and cannot be recovered. */
  secret: string;
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createApiKey(deps: KeyDeps, storeId: string, name: string): Promise<CreatedKey> {
  if (!(await deps.store.admin.getStore(storeId))) {
    throw new NotFoundError(`no store '${storeId}': create it first or pick one of the existing stores`, { storeId });
  }
  const secret = `${KEY_PREFIX}${deps.ids.secretToken(24)}`;
  const record: ApiKeyRecord = {
    id: deps.ids.newId('key'),
    storeId,
    prefix: secret.slice(0, 10),
    keyHash: hashApiKey(secret),
    name,
    createdAt: isoAt(deps.clock.nowMs()),
    revokedAt: null,
  };
  await deps.store.admin.createApiKey(record);
  return { record, secret };
}

export interface KeyAuthenticator {
  /** The store a bearer key may act for; throws AuthenticationError otherwise. */
  storeOf(authorization: string | undefined): Promise<string>;
}

/**
 * Resolves keys with a short cache, so a hot ingest path does not query the store per request.
 * A revoked key stops working within `cacheMs`.
 */
export function createKeyAuthenticator(store: Store, clock: Clock, cacheMs = 30_000): KeyAuthenticator {
  const cache = new Map<string, { storeId: string | null; expiresAtMs: number }>();
  return {
    async storeOf(authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!match) throw new AuthenticationError('missing API key: send "Authorization: Bearer <key>" (create one with `herald keys create`)');
      const secret = match[1]!;
      const nowMs = clock.nowMs();
      // Keyed by the secret itself (memory only) so the hot path does not hash per request.
      let entry = cache.get(secret);
      if (!entry || entry.expiresAtMs <= nowMs) {
        const record = await store.admin.findApiKeyByHash(hashApiKey(secret));
        entry = { storeId: record && record.revokedAt === null ? record.storeId : null, expiresAtMs: nowMs + cacheMs };
        if (cache.size > 10_000) cache.clear();
        cache.set(secret, entry);
      }
      if (entry.storeId === null) throw new AuthenticationError('unknown or revoked API key: check the key, or create a new one with `herald keys create`');
      return entry.storeId;
    },
  };
}
