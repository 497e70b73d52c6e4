// SIGKILL while a provider call is in flight (DESIGN.md §7): Herald committed a `pending` attempt,
// handed the SMS to the provider and died before recording the answer. After a restart on the
// same data folder, a provider that cannot deduplicate (Twilio) is never called again and the
// notification says `unconfirmed`; one that can (http-sms, deduplicates: true) gets the same
// Idempotency-Key again and the notification ends `sent`. Herald runs as a real child process.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { startFakeSmsProvider, type FakeSmsProvider, type RecordedSmsRequest } from '../support/fake-sms-provider.ts';
import { startHeraldProcess, type HeraldProcess } from '../support/herald-process.ts';

// A killed worker's claimed job is retried once its lease runs out; keep that short.
const ENV = { HERALD_JOB_LEASE_MS: '2000', HERALD_JOB_POLL_MS: '200' };
const PHONE = '+12125550100';
const WAIT_MS = 30_000;
const POLL_EVERY_MS = 100;

const folders: string[] = [];
const processes: HeraldProcess[] = [];
const fakes: FakeSmsProvider[] = [];
after(async () => {
  for (const p of processes) await p.kill9();
  for (const f of fakes) await f.stop();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

interface NotificationView {
  id: string;
  milestone: string;
  channel: string;
  status: string;
  status_reason: string | null;
  provider: string | null;
  provider_message_id: string | null;
  attempts: { provider: string; outcome: string; reason: string | null }[];
}

interface Crashed {
  folder: string;
  key: string;
  /** The SMS notification as the killed process left it in the database. */
  stored: { id: string; status: string; attempts: { provider: string; outcome: string }[] };
  /** The one request the provider received (and never answered) before the kill. */
  hung: RecordedSmsRequest;
}

/** Starts Herald with `sms` on `provider`, sends an out-for-delivery SMS into a hanging provider and SIGKILLs Herald mid-call. */
async function crashDuringSend(t: TestContext, fake: FakeSmsProvider, provider: Record<string, unknown>, tag: string): Promise<Crashed> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-dispatch-crash-'));
  folders.push(folder);
  const first = await startHeraldProcess(['--data', folder], ENV);
  processes.push(first);
  const key = first.firstKey;
  assert.ok(key, `the first start prints the key:\n${first.output()}`);
  await call(first, key, 'PATCH', '/v1/settings', { quiet_hours: null });
  await call(first, key, 'PUT', '/v1/channels/sms', { providers: [provider] });

  fake.script({ kind: 'hang' });
  const ref = `crash-${tag}`;
  const now = new Date().toISOString();
  const customer = { email: 'ada@example.com', phone: PHONE, first_name: 'Ada', locale: 'en-US', accepts_sms: true };
  const destination = { country: 'US', region: 'NY', postal_code: '10001', city: 'New York' };
  await call(first, key, 'POST', '/v1/events', { id: `${ref}-placed`, type: 'order.placed', occurred_at: now, order_ref: ref, order: { number: `#${tag}`, total: '30.00', currency: 'USD', destination, customer } });
  await call(first, key, 'POST', '/v1/events', { id: `${ref}-ofd`, type: 'shipment.updated', occurred_at: now, order_ref: ref, shipment: { carrier: 'ups', tracking_number: `1ZCRASH${tag.toUpperCase()}`, state: 'out_for_delivery' } });

  const hung = await waitFor('the provider receives the SMS', () => fake.requests.find((r) => (r.form['To'] ?? r.form['to']) === PHONE), () => first.output());
  await first.kill9();
  t.diagnostic(`SIGKILLed herald while ${String(provider['provider'])} held the request open`);
  assert.equal(fake.requests.length, 1, 'exactly one provider request before the kill');

  const db = new Database(join(folder, 'herald.sqlite'), { readonly: true });
  const rows = db.prepare("SELECT body FROM notifications WHERE channel = 'sms'").all() as { body: string }[];
  db.close();
  assert.equal(rows.length, 1, 'one SMS notification was created');
  const stored = JSON.parse(rows[0]!.body) as Crashed['stored'];
  // Proves the kill landed in the window this test is about: called, not yet recorded.
  assert.equal(stored.status, 'sending');
  assert.deepEqual(stored.attempts.map((a) => [a.provider, a.outcome]), [[String(provider['provider']), 'pending']]);
  return { folder, key, stored, hung };
}

/** Restarts Herald on the crashed folder and waits until the SMS is settled and no dispatch job is left. */
async function restartAndSettle(crashed: Crashed): Promise<{ second: HeraldProcess; sms: NotificationView }> {
  const second = await startHeraldProcess(['--data', crashed.folder], ENV);
  processes.push(second);
  assert.equal(second.firstKey, null, 'a restart does not create a second default store');
  const sms = await waitFor(
    'the restarted worker settles the SMS and finishes its dispatch job',
    async () => {
      const list = (await call(second, crashed.key, 'GET', '/v1/notifications?channel=sms')) as { notifications: NotificationView[] };
      const found = list.notifications.find((n) => n.id === crashed.stored.id);
      if (!found || found.status === 'sending') return undefined;
      return dispatchJobsLeft(crashed.folder) === 0 ? found : undefined;
    },
    () => second.output(),
  );
  return { second, sms };
}

test('a SIGKILL during a twilio send leaves the SMS unconfirmed and never sends it again', { timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const fake = await startFakeSmsProvider();
  fakes.push(fake);
  const twilio = { provider: 'twilio', settings: { account_sid: fake.accountSid, auth_token: fake.authToken, from: '+15005550006', base_url: fake.url } };
  const crashed = await crashDuringSend(t, fake, twilio, 'twilio');
  assert.equal(crashed.hung.path, `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);

  const { second, sms } = await restartAndSettle(crashed);
  await second.stop();

  assert.equal(sms.status, 'unconfirmed');
  assert.equal(sms.provider, 'twilio');
  assert.match(sms.status_reason ?? '', /twilio cannot deduplicate, so it was not sent again/);
  assert.deepEqual(sms.attempts.map((a) => [a.provider, a.outcome]), [['twilio', 'unconfirmed']]);
  assert.match(sms.attempts[0]!.reason ?? '', /twilio/);
  // No dispatch job is left and the worker has stopped: nothing can call Twilio for it again.
  assert.equal(fake.requests.length, 1, 'twilio received exactly one request, the one in flight at the kill');
  assert.match(second.output(), /a send may have gone out without a record/, 'the operator is warned');
  t.diagnostic(`twilio scenario took ${Date.now() - started} ms`);
});

test('a SIGKILL during an http-sms send (deduplicates) resends under the same Idempotency-Key and ends sent', { timeout: 120_000 }, async (t) => {
  const started = Date.now();
  const fake = await startFakeSmsProvider();
  fakes.push(fake);
  const httpSms = { provider: 'http-sms', settings: { url: fake.httpSmsUrl, deduplicates: true } };
  const crashed = await crashDuringSend(t, fake, httpSms, 'httpsms');
  assert.equal(crashed.hung.headers['idempotency-key'], crashed.stored.id, 'the first call carries the notification id as its key');

  // The hang was scripted for one request only: the fake answers the resend normally.
  const { second, sms } = await restartAndSettle(crashed);
  await second.stop();

  assert.equal(sms.status, 'sent');
  assert.equal(sms.provider, 'http-sms');
  assert.deepEqual(sms.attempts.map((a) => [a.provider, a.outcome]), [['http-sms', 'sent']]);
  assert.equal(fake.requests.length, 2, 'the interrupted call and one resend');
  const keys = fake.requests.map((r) => r.headers['idempotency-key']);
  assert.deepEqual(keys, [crashed.stored.id, crashed.stored.id], 'the resend reuses the Idempotency-Key');
  assert.equal(new Set(keys).size, 1, 'the provider counts one message');
  assert.equal(fake.requests[1]!.rawBody, crashed.hung.rawBody, 'the resend is the same message');
  assert.match(sms.provider_message_id ?? '', /^msg_/, 'the id the fake answered is recorded');
  t.diagnostic(`http-sms scenario took ${Date.now() - started} ms`);
});

async function call(herald: HeraldProcess, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${herald.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.ok(response.status >= 200 && response.status < 300, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}

function dispatchJobsLeft(folder: string): number {
  const db = new Database(join(folder, 'herald.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM jobs WHERE kind = 'notification.dispatch'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Polls `probe` until it returns a value, at most WAIT_MS and WAIT_MS / POLL_EVERY_MS times. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, output: () => string): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (let round = 0; round < WAIT_MS / POLL_EVERY_MS && Date.now() < deadline; round++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  assert.fail(`timed out waiting until ${what}; herald output:\n${output().slice(-4_000)}`);
}
