import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pauseBucket, takeToken, tryTakeToken, type BucketState } from './token-bucket.ts';

test('a burst goes at once, then slots are spaced at the sustained rate', () => {
  const limit = { perSecond: 10, burst: 3 };
  let state: BucketState | null = null;
  const slots: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const taken = takeToken(state, limit, 1_000);
    state = taken.state;
    slots.push(taken.atMs - 1_000);
  }
  assert.deepEqual(slots, [0, 0, 0, 100, 200, 300]);
});

test('tokens refill with time and never beyond the burst', () => {
  const limit = { perSecond: 2, burst: 2 };
  let state = takeToken(null, limit, 0).state;
  state = takeToken(state, limit, 0).state;
  assert.equal(takeToken(state, limit, 0).atMs, 500);
  const later = takeToken(state, limit, 60_000);
  assert.equal(later.atMs, 60_000);
  assert.equal(later.state.tokens, 1);
});

test('10,000 messages at 50/s are promised slots spanning 200 s, none refused', () => {
  const limit = { perSecond: 50, burst: 50 };
  let state: BucketState | null = null;
  let last = 0;
  for (let i = 0; i < 10_000; i += 1) {
    const taken = takeToken(state, limit, 0);
    assert.ok(taken.atMs >= last, 'slots never go backwards');
    last = taken.atMs;
    state = taken.state;
  }
  assert.equal(last, Math.ceil(((10_000 - 50) / 50) * 1_000));
});

test('a Retry-After pause holds every token until it ends', () => {
  const limit = { perSecond: 5, burst: 5 };
  const paused = pauseBucket(null, limit, 0, 7_000);
  assert.equal(takeToken(paused, limit, 0).atMs, 7_200);
  assert.equal(takeToken(paused, limit, 7_000).atMs, 7_200);
});

test('at the moment of the call no more than burst plus rate go in any second, however late the promised slots run', () => {
  const limit = { perSecond: 100, burst: 100 };
  let state: ReturnType<typeof tryTakeToken>['state'] | null = null;
  const sentAt: number[] = [];
  // 1,000 messages whose slots all came due at once (a busy worker claimed them late).
  for (let nowMs = 0; sentAt.length < 1_000 && nowMs < 20_000; nowMs += 10) {
    for (let i = 0; i < 50; i += 1) {
      const taken = tryTakeToken(state, limit, nowMs);
      state = taken.state;
      if (taken.waitMs > 0) break;
      sentAt.push(nowMs);
    }
  }
  assert.equal(sentAt.length, 1_000);
  for (const t of sentAt) assert.ok(sentAt.filter((s) => s >= t && s < t + 1_000).length <= 200);
  const waited = tryTakeToken({ tokens: 0.5, atMs: 0 }, limit, 0);
  assert.equal(waited.waitMs, 5);
  assert.equal(waited.state.tokens, 0.5, 'waiting borrows nothing');
});
