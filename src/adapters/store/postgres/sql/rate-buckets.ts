// Providers' rate-limit buckets in one table that every process shares (migration 0008): each
// call is one atomic upsert computing what src/core/channels/token-bucket.ts computes, in the
// same floating-point steps, so a bucket behaves alike in memory and here. Time that runs
// backwards between processes (clocks a little apart) refills nothing and never moves `at_ms` back.

import type { BucketState, RateLimit } from '../../../../core/channels/token-bucket.ts';
import type { RateBuckets } from '../../../../core/ports/store.ts';
import { toNumber, type Db } from './db.ts';

/** Tokens as of now: the stored ones plus what the rate has refilled since, at most the burst. */
const REFILLED = `LEAST($2::float8, b.tokens + (GREATEST(0, $3::bigint - b.at_ms)::float8 / 1000.0) * $4::float8)`;

interface Row {
  tokens: number;
  at_ms: string | number;
  took: boolean;
}

export function rateBuckets(db: Db): RateBuckets {
  return {
    async take(key, limit, nowMs) {
      const { rows } = await db.query<Row>(
        `INSERT INTO rate_buckets AS b (key, tokens, at_ms) VALUES ($1, $2::float8 - 1, $3)
         ON CONFLICT (key) DO UPDATE SET tokens = ${REFILLED} - 1, at_ms = GREATEST(b.at_ms, $3::bigint)
         RETURNING tokens, at_ms, took`,
        [key, burstOf(limit), nowMs, limit.perSecond],
      );
      const state = stateOf(rows[0]!);
      return { state, atMs: state.tokens >= 0 ? nowMs : nowMs + Math.ceil((-state.tokens / limit.perSecond) * 1_000) };
    },
    async tryTake(key, limit, nowMs) {
      const { rows } = await db.query<Row>(
        `INSERT INTO rate_buckets AS b (key, tokens, at_ms, took) VALUES ($1, $2::float8 - 1, $3, true)
         ON CONFLICT (key) DO UPDATE SET
           tokens = ${REFILLED} - CASE WHEN ${REFILLED} >= 1 THEN 1 ELSE 0 END,
           took = ${REFILLED} >= 1,
           at_ms = GREATEST(b.at_ms, $3::bigint)
         RETURNING tokens, at_ms, took`,
        [key, burstOf(limit), nowMs, limit.perSecond],
      );
      const state = stateOf(rows[0]!);
      return { state, waitMs: rows[0]!.took ? 0 : Math.max(1, Math.ceil(((1 - state.tokens) / limit.perSecond) * 1_000)) };
    },
    async pause(key, limit, nowMs, untilMs) {
      const owed = ((untilMs - nowMs) / 1_000) * limit.perSecond;
      const { rows } = await db.query<Row>(
        `INSERT INTO rate_buckets AS b (key, tokens, at_ms, took) VALUES ($1, LEAST($2::float8, 0) - $3::float8, $4, false)
         ON CONFLICT (key) DO UPDATE SET tokens = LEAST(b.tokens, 0) - $3::float8, at_ms = GREATEST(b.at_ms, $4::bigint)
         RETURNING tokens, at_ms, took`,
        [key, limit.burst, owed, nowMs],
      );
      return stateOf(rows[0]!);
    },
  };
}

function stateOf(row: Row): BucketState {
  return { tokens: row.tokens, atMs: toNumber(row.at_ms) };
}

function burstOf(limit: RateLimit): number {
  return Math.max(1, limit.burst);
}
