// The send step's hand-over (src/app/hand-over-notification.ts), against a local server speaking
// Twilio's wire format: a decided SMS reaches the provider right after its event commits, with no
// dispatch job claimed; its recovery job is gone once the answer is recorded; past the provider's
// rate it waits for its slot; a failed answer is retried through the queue; `hand_over: false`
// leaves every message to the worker; a call that outlasts the lease is taken over by the recovery
// job and its late answer not recorded over it, unless that job could only record the send
// `unconfirmed`: then the late answer settles it; a failure before the provider is called gives
// the message back to the queue. The SIGKILL mid-call case is test/integration/dispatch-crash.test.ts.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.ts';
import { NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

const phone = (n: number) => `+1212555${String(2000 + n).slice(-4)}`;

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The dispatch jobs in the store's file, as an operator's query would list them. */
function dispatchJobs(j: Journey): { key: string; due_at: number; locked_by: string | null }[] {
  const db = new Database(join(j.t.folder, 'herald.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT key, due_at, locked_by FROM jobs WHERE kind = 'notification.dispatch' ORDER BY key").all() as { key: string; due_at: number; locked_by: string | null }[];
  } finally {
    db.close();
  }
}

describe('hand-over: a decided SMS goes to its provider right after its commit', () => {
  let sms: FakeSmsProvider;
  let j: Journey;
  let seq = 0;

  async function configure(journey: Journey, extra: Record<string, unknown> = {}): Promise<void> {
    const saved = await journey.t.request('/v1/channels/sms', {
      method: 'PUT',
      body: JSON.stringify({ providers: [{ provider: 'twilio', settings: { account_sid: sms.accountSid, auth_token: sms.authToken, from: '+15005550006', base_url: sms.url }, ...extra }] }),
    });
    assert.equal(saved.status, 200, await saved.text());
  }

  const hourOf = (n: number) => Date.parse('2026-12-01T15:00:00Z') + n * 3_600_000;
  /** An SMS customer's order, placed at `atMs` and drained. */
  async function place(journey: Journey, n: number, atMs = hourOf(n)): Promise<string> {
    const ref = `H-${n}`;
    await journey.post(orderEvent(`ho${n}`, 'order.placed', ref, new Date(atMs).toISOString(), { number: String(7000 + n), customer: { email: `h${n}@example.com`, phone: phone(n), first_name: 'Ida', accepts_sms: true }, destination: NEW_YORK }));
    await journey.drain();
    return ref;
  }
  /** The order's parcel goes out for delivery at `atMs` (not drained: only the hand-over can send it). */
  const goOut = (journey: Journey, n: number, atMs: number) =>
    journey.post(shipmentEvent(`hs${n}`, `H-${n}`, new Date(atMs).toISOString(), { tracking_number: `1Z999AA1012347${String(7000 + n)}`, state: 'out_for_delivery' }));
  async function outForDelivery(journey: Journey, n: number): Promise<string> {
    const ref = await place(journey, n);
    await goOut(journey, n, hourOf(n) + 60_000);
    return ref;
  }
  const smsOf = async (journey: Journey, ref: string) => (await journey.t.herald.store.reads.listOrderNotifications('default', ref)).find((x) => x.milestone === 'out_for_delivery');
  const requestsTo = (n: number) => sms.requests.filter((r) => r.form['To'] === phone(n)).length;

  before(async () => {
    sms = await startFakeSmsProvider();
    j = await startJourney({ quietHours: null, maxMessagesPerRecipientPerDay: 50 }, {}, { handOver: true });
    await configure(j);
  });
  after(async () => {
    await j.close();
    await sms.stop();
  });

  test('the SMS arrives with no job claimed, records one sent attempt, and leaves no dispatch job', async () => {
    const n = ++seq;
    const ref = await outForDelivery(j, n);
    // No drain: nothing is claimed from the queue, the commit hands the message over.
    await until('twilio receives the SMS', () => (requestsTo(n) === 1 ? true : undefined));
    const sent = await until('the answer is recorded', async () => {
      const found = await smsOf(j, ref);
      return found?.status === 'sent' ? found : undefined;
    });
    assert.equal(sent.provider, 'twilio');
    assert.match(sent.providerMessageId ?? '', /^SM[0-9a-f]{32}$/);
    assert.deepEqual(sent.attempts?.map((a) => [a.provider, a.outcome]), [['twilio', 'sent']]);
    assert.deepEqual(dispatchJobs(j), [], 'the recovery job went with the recorded answer');
    assert.equal(await j.drain(), 0, 'and the worker finds nothing left to do for it');
    assert.equal(requestsTo(n), 1, 'sent once');
  });

  test('a 500 from the provider is retried through the dispatch queue, and the retry is the one that sends', async () => {
    const n = ++seq;
    sms.script({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' }, { to: phone(n) });
    const ref = await outForDelivery(j, n);
    await until('the temporary failure is recorded', async () => ((await smsOf(j, ref))?.attempts?.[0]?.outcome === 'temporary' ? true : undefined));
    const jobs = dispatchJobs(j);
    assert.deepEqual(jobs.map((job) => job.key), [`dispatch:${(await smsOf(j, ref))!.id}:1`], 'the retry is queued; the recovery job is gone');
    sms.script({ kind: 'accept_after', before: async () => {} }, { to: phone(n) });
    await j.advance(jobs[0]!.due_at - j.t.clock.nowMs());
    const sent = (await smsOf(j, ref))!;
    assert.equal(sent.status, 'sent');
    assert.deepEqual(sent.attempts?.map((a) => a.outcome), ['temporary', 'sent']);
    assert.equal(requestsTo(n), 2);
  });

  test('past the provider\'s rate a message waits for its slot: one that lost the room after its commit is requeued, one with no room is queued', async () => {
    await configure(j, { rate_per_second: 1, burst: 1 });
    const [first, second, third] = [++seq, ++seq, ++seq];
    const atMs = hourOf(third);
    const refs = [await place(j, first, atMs), await place(j, second, atMs), await place(j, third, atMs)];
    // One transaction decides two messages; the provider's one slot this second goes to the first after the commit.
    const out = (n: number) => shipmentEvent(`hs${n}`, `H-${n}`, new Date(atMs + 60_000).toISOString(), { tracking_number: `1Z999AA1012347${String(7000 + n)}`, state: 'out_for_delivery' });
    j.t.clock.set(atMs + 60_000);
    const batch = await j.t.request('/v1/events/batch', { method: 'POST', body: JSON.stringify([out(first), out(second)]) });
    assert.equal(batch.status, 200, await batch.text());
    await until('the first SMS arrives', () => (requestsTo(first) === 1 ? true : undefined));
    const requeued = await until('the second is requeued for its slot', async () => {
      const found = (await smsOf(j, refs[1]!))!;
      return (found.attempts ?? []).length === 0 && dispatchJobs(j).some((job) => job.key === `dispatch:${found.id}:0:slot`) ? found : undefined;
    });
    assert.equal(requeued.status, 'sending');
    // With the second second's slot promised, the third finds no room at its send step: it is queued.
    await goOut(j, third, atMs + 60_000);
    const queued = (await smsOf(j, refs[2]!))!;
    assert.deepEqual(queued.attempts ?? [], [], 'not tried');
    const keys = dispatchJobs(j).map((job) => job.key);
    assert.ok(keys.includes(`dispatch:${queued.id}:0`), `queued for the dispatcher: ${keys.join(', ')}`);
    assert.ok(!keys.includes(`dispatch:${requeued.id}:0`), 'the requeued one has no recovery job left');
    assert.equal(requestsTo(second) + requestsTo(third), 0, 'nothing sent past the rate');
    await j.drain();
    assert.equal(requestsTo(third), 0, 'the dispatcher gives the third a later slot too');
    for (let k = 0; k < 4 && requestsTo(second) + requestsTo(third) < 2; k += 1) await j.advance(1_000);
    assert.equal(requestsTo(second), 1, 'sent at its slot');
    assert.equal(requestsTo(third), 1, 'sent at its slot');
    for (const ref of refs) assert.equal((await smsOf(j, ref))!.status, 'sent');
    assert.deepEqual(dispatchJobs(j), []);
    await configure(j);
  });

  test('a call that outlasts the lease is taken over by its recovery job, and the late answer is not recorded over it', async () => {
    const saved = await j.t.request('/v1/channels/sms', { method: 'PUT', body: JSON.stringify({ providers: [{ provider: 'http-sms', settings: { url: sms.httpSmsUrl, from: '+15005550007', deduplicates: true } }] }) });
    assert.equal(saved.status, 200, await saved.text());
    const n = ++seq;
    const ref = await place(j, n);
    const ids: string[] = [];
    let drained: Promise<number> | null = null;
    const requestsTo = () => sms.requests.filter((r) => r.form['to'] === phone(n)).length;
    // The provider holds the hand-over's call while a lease passes and the recovery job resends
    // (the provider deduplicates, so the dispatcher resumes the same attempt); the hand-over's
    // answer comes back while the resend is still in flight.
    sms.script({
      kind: 'accept_after',
      before: async (id) => {
        ids.push(id);
        j.t.clock.advance(60_001);
        drained = j.drain();
        await until('the recovery job resends', () => (requestsTo() === 2 ? true : undefined));
      },
    });
    sms.script({
      kind: 'accept_after',
      before: async (id) => {
        ids.push(id);
        // Long enough for the hand-over to record (or, as it must, refuse to record) its answer.
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    await goOut(j, n, hourOf(n) + 60_000);
    await until('both calls were made', () => (ids.length === 2 && drained !== null ? true : undefined));
    await drained;
    const final = (await smsOf(j, ref))!;
    assert.equal(final.status, 'sent');
    assert.equal(final.providerMessageId, ids[1], "the recovery job's answer stands");
    assert.deepEqual(final.attempts?.map((a) => a.outcome), ['sent'], 'one attempt, resumed once');
    const sentLines = (await j.t.herald.store.reads.listOrderActivity('default', ref, 100)).filter((line) => /out_for_delivery sent on sms/.test(line.reason ?? ''));
    assert.equal(sentLines.length, 1, 'the send is recorded once, by the recovery job');
    assert.deepEqual(dispatchJobs(j), []);
    await configure(j);
  });

  test('a call that outlasts the lease to a provider that cannot deduplicate is recorded unconfirmed, and its late answer then settles it as sent', async () => {
    const n = ++seq;
    const ref = await place(j, n);
    let sid = '';
    let drained: Promise<number> | null = null;
    // Twilio takes no idempotency key: the recovery job may not resend, so it records the send
    // `unconfirmed` while the call is still out; then Twilio's answer comes back.
    sms.script({
      kind: 'accept_after',
      before: async (id) => {
        sid = id;
        j.t.clock.advance(60_001);
        drained = j.drain();
        await until('the recovery job records the send unconfirmed', async () => ((await smsOf(j, ref))?.status === 'unconfirmed' ? true : undefined));
      },
    }, { to: phone(n) });
    await goOut(j, n, hourOf(n) + 60_000);
    await until('the late answer is recorded', async () => ((await smsOf(j, ref))?.status === 'sent' ? true : undefined));
    await drained;
    const final = (await smsOf(j, ref))!;
    assert.equal(final.providerMessageId, sid, "the provider's id is kept, so its receipts find the message");
    assert.deepEqual(final.attempts?.map((a) => a.outcome), ['sent']);
    assert.deepEqual(final.history.map((h) => h.status).slice(-2), ['unconfirmed', 'sent']);
    assert.equal(requestsTo(n), 1, 'never sent twice');
    assert.deepEqual(dispatchJobs(j), []);
  });

  test('a late failure answer to a send recorded unconfirmed leaves it unconfirmed: it may have arrived, so it is never sent again', async () => {
    const n = ++seq;
    const ref = await place(j, n);
    let drained: Promise<number> | null = null;
    let answered = false;
    sms.script({
      kind: 'error_after',
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
      before: async () => {
        j.t.clock.advance(60_001);
        drained = j.drain();
        await until('the recovery job records the send unconfirmed', async () => ((await smsOf(j, ref))?.status === 'unconfirmed' ? true : undefined));
        setTimeout(() => (answered = true), 300);
      },
    }, { to: phone(n) });
    await goOut(j, n, hourOf(n) + 60_000);
    await until('the late failure has come back', () => (answered ? true : undefined));
    await drained;
    await j.advance(60 * 60_000);
    const final = (await smsOf(j, ref))!;
    assert.equal(final.status, 'unconfirmed');
    assert.deepEqual(final.attempts?.map((a) => a.outcome), ['unconfirmed']);
    assert.equal(requestsTo(n), 1, 'never sent twice');
    assert.deepEqual(dispatchJobs(j), []);
  });

  /** Makes the store's next `take` of a rate-limit bucket fail, as an unreachable database would; `transactFailures` transactions after it fail too. */
  function failNextBucketTake(journey: Journey, transactFailures = 0): { restore: () => void; failedTransactions: () => number } {
    const store = journey.t.herald.store;
    const buckets = store.rateBuckets as { take: typeof store.rateBuckets.take };
    const take = buckets.take;
    const transact = store.transact;
    let failed = 0;
    buckets.take = async () => {
      buckets.take = take;
      let left = transactFailures;
      (store as { transact: typeof transact }).transact = ((work) => {
        if (left === 0) return transact.call(store, work);
        left -= 1;
        failed += 1;
        return Promise.reject(new Error('SQLITE_BUSY: database is locked (injected)'));
      }) as typeof transact;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (injected)');
    };
    return {
      restore: () => {
        buckets.take = take;
        (store as { transact: typeof transact }).transact = transact;
      },
      failedTransactions: () => failed,
    };
  }

  for (const transactFailures of [0, 1]) {
    test(`a failure before the provider is called gives the message back to the queue, and it is sent once, never recorded unconfirmed${transactFailures > 0 ? ' (the first give-back refused too)' : ''}`, async () => {
      const n = ++seq;
      const ref = await place(j, n);
      const injected = failNextBucketTake(j, transactFailures);
      try {
        await goOut(j, n, hourOf(n) + 60_000);
        const given = await until('the message is back in the queue', async () => {
          const found = await smsOf(j, ref);
          return found?.status === 'sending' && (found.attempts ?? []).length === 0 ? found : undefined;
        });
        assert.equal(requestsTo(n), 0, 'the provider was never called');
        assert.equal(injected.failedTransactions(), transactFailures);
        assert.deepEqual(dispatchJobs(j).map((job) => [job.key, job.due_at <= j.t.clock.nowMs()]), [[`dispatch:${given.id}:0`, true]], 'due now, under the recovery job\'s key');
      } finally {
        injected.restore();
      }
      await j.drain();
      const final = (await smsOf(j, ref))!;
      assert.equal(final.status, 'sent');
      assert.deepEqual(final.attempts?.map((a) => a.outcome), ['sent']);
      assert.equal(requestsTo(n), 1, 'sent once');
      assert.deepEqual(dispatchJobs(j), []);
      // Long after the lease, nothing changes it again.
      await j.advance(60 * 60_000);
      assert.equal((await smsOf(j, ref))!.status, 'sent');
      assert.equal(requestsTo(n), 1);
    });
  }

  /** Makes the store's next `pause` of a rate-limit bucket fail, as an unreachable database would. */
  function failNextPause(journey: Journey): { failed: () => number } {
    const buckets = journey.t.herald.store.rateBuckets as { pause: typeof journey.t.herald.store.rateBuckets.pause };
    const pause = buckets.pause;
    let failed = 0;
    buckets.pause = async () => {
      buckets.pause = pause;
      failed += 1;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (injected)');
    };
    return { failed: () => failed };
  }

  for (const handOver of [true, false]) {
    test(`a 429 whose pause cannot be stored is still recorded and retried, never left to be recorded unconfirmed (${handOver ? 'hand-over' : 'dispatch job'})`, async () => {
      const journey = handOver ? j : await startJourney({ quietHours: null, maxMessagesPerRecipientPerDay: 50 }, { HERALD_HAND_OVER: 'false' }, { handOver: true });
      try {
        if (!handOver) await configure(journey);
        const n = ++seq;
        sms.script({ kind: 'rate_limited', retryAfter: '30' }, { to: phone(n) });
        const injected = failNextPause(journey);
        const ref = await outForDelivery(journey, n);
        if (!handOver) await journey.drain();
        const refused = await until('the 429 is recorded', async () => {
          const found = await smsOf(journey, ref);
          return found?.attempts?.[0]?.outcome === 'temporary' ? found : undefined;
        });
        assert.equal(injected.failed(), 1, 'the pause was tried and failed');
        assert.equal(refused.status, 'sending');
        assert.equal(refused.attempts?.[0]?.retryAfterMs, 30_000);
        const jobs = dispatchJobs(journey);
        assert.deepEqual(jobs.map((job) => job.key), [`dispatch:${refused.id}:1`], 'the retry is queued; no recovery job is left to find a pending attempt');
        assert.ok(jobs[0]!.due_at >= journey.t.clock.nowMs() + 30_000 - 1_000, 'the retry waits for the Retry-After');
        sms.script({ kind: 'accept_after', before: async () => {} }, { to: phone(n) });
        await journey.advance(jobs[0]!.due_at - journey.t.clock.nowMs());
        const sent = (await smsOf(journey, ref))!;
        assert.equal(sent.status, 'sent');
        assert.deepEqual(sent.attempts?.map((a) => a.outcome), ['temporary', 'sent']);
        assert.equal(requestsTo(n), 2);
      } finally {
        if (!handOver) await journey.close();
      }
    });
  }

  test('with hand_over: false the message waits for the worker', async () => {
    const queued = await startJourney({ quietHours: null, maxMessagesPerRecipientPerDay: 50 }, { HERALD_HAND_OVER: 'false' }, { handOver: true });
    try {
      await configure(queued);
      const n = ++seq;
      const ref = await outForDelivery(queued, n);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(requestsTo(n), 0, 'nothing leaves before a worker claims it');
      assert.equal((await smsOf(queued, ref))?.status, 'sending');
      await queued.drain();
      assert.equal(requestsTo(n), 1);
      assert.equal((await smsOf(queued, ref))?.status, 'sent');
    } finally {
      await queued.close();
    }
  });
});
