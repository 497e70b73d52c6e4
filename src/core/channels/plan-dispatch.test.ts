import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NotificationAttempt } from '../notifications/notification-record.ts';
import { planDispatch, TRIES_PER_PROVIDER } from './plan-dispatch.ts';

const at = '2026-12-01T10:00:00.000Z';
const attempt = (provider: string, outcome: NotificationAttempt['outcome'], retryAfterMs: number | null = null): NotificationAttempt => ({ at, provider, outcome, reason: `${outcome} answer`, retryAfterMs });

test('the first attempt goes to the first provider', () => {
  assert.deepEqual(planDispatch([], ['twilio', 'http-sms'], 0, 0.5), { kind: 'send', providerIndex: 0 });
});

test('a temporary failure retries the same provider with growing, jittered delays', () => {
  const once = planDispatch([attempt('twilio', 'temporary')], ['twilio'], 10_000, 0);
  const twice = planDispatch([attempt('twilio', 'temporary'), attempt('twilio', 'temporary')], ['twilio'], 10_000, 0);
  assert.equal(once.kind, 'retry');
  assert.equal(twice.kind, 'retry');
  if (once.kind !== 'retry' || twice.kind !== 'retry') return;
  assert.equal(once.atMs, 11_000);
  assert.equal(twice.atMs, 12_000);
  const jittered = planDispatch([attempt('twilio', 'temporary')], ['twilio'], 10_000, 0.999);
  assert.ok(jittered.kind === 'retry' && jittered.atMs > once.atMs);
});

test('a 429 waits exactly as long as the provider asked', () => {
  const plan = planDispatch([attempt('twilio', 'temporary', 7_000)], ['twilio'], 50_000, 0.3);
  assert.deepEqual(plan, { kind: 'retry', providerIndex: 0, atMs: 57_000, tries: 1 });
});

test('a permanent failure moves to the backup provider at once', () => {
  assert.deepEqual(planDispatch([attempt('twilio', 'permanent')], ['twilio', 'http-sms'], 0, 0), { kind: 'send', providerIndex: 1 });
});

test('retries that run out move to the backup provider', () => {
  const tries = Array.from({ length: TRIES_PER_PROVIDER }, () => attempt('smtp', 'temporary'));
  assert.deepEqual(planDispatch(tries, ['smtp', 'smtp-backup'], 0, 0), { kind: 'send', providerIndex: 1 });
});

test('when every provider gave up the plan says why, per provider', () => {
  const plan = planDispatch([attempt('twilio', 'permanent'), attempt('http-sms', 'permanent')], ['twilio', 'http-sms'], 0, 0);
  assert.deepEqual(plan, { kind: 'exhausted', reasons: ['twilio: permanent answer', 'http-sms: permanent answer'] });
});

test('a pending attempt without an answer is an interrupted send', () => {
  assert.deepEqual(planDispatch([attempt('twilio', 'temporary'), attempt('twilio', 'pending')], ['twilio'], 0, 0), { kind: 'interrupted', providerIndex: 0 });
});
