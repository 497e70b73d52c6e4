// A provider's rate limit: messages over it wait for their slot in the token bucket and then go,
// each exactly once, never faster than the configured rate; none is refused or lost.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.ts';
import { NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

let sms: FakeSmsProvider;
let j: Journey;

before(async () => {
  sms = await startFakeSmsProvider();
  j = await startJourney({ quietHours: null });
  const saved = await j.t.request('/v1/channels/sms', {
    method: 'PUT',
    body: JSON.stringify({ providers: [{ provider: 'twilio', settings: { account_sid: sms.accountSid, auth_token: sms.authToken, from: '+15005550006', base_url: sms.url }, rate_per_second: 2, burst: 2 }] }),
  });
  assert.equal(saved.status, 200, await saved.text());
});
after(async () => {
  await j.close();
  await sms.stop();
});

test('six SMS due at once at 2/s with a burst of 2: spread over the rate, never more than burst plus rate in a second, each sent once', async () => {
  const at = '2026-12-01T15:00:00Z';
  for (let n = 0; n < 6; n += 1) {
    await j.post(orderEvent(`o${n}`, 'order.placed', `R-${n}`, at, { number: String(9000 + n), customer: { phone: `+1212555020${n}`, accepts_sms: true }, destination: NEW_YORK }), { keepClock: true });
    await j.post(shipmentEvent(`s${n}`, `R-${n}`, at, { tracking_number: `1Z999AA101234${56000 + n}`, state: 'out_for_delivery' }), { keepClock: true });
  }
  const startMs = Date.parse(at);
  j.t.clock.set(startMs);
  await j.drain();
  // The fake clock moves in 100 ms steps; each step's new requests are stamped with its time.
  const sentAtMs: number[] = sms.requests.map(() => 0);
  for (let step = 1; step <= 60 && sms.requests.length < 6; step += 1) {
    await j.advance(100);
    while (sentAtMs.length < sms.requests.length) sentAtMs.push(step * 100);
  }
  assert.equal(sms.requests.length, 6, 'every message goes, none is refused');
  for (const t of sentAtMs) assert.ok(sentAtMs.filter((s) => s >= t && s < t + 1_000).length <= 4, `at most burst + rate in any second: ${sentAtMs.join(', ')}`);
  assert.ok(sentAtMs.at(-1)! <= 3_000, `drained at about the rate: ${sentAtMs.join(', ')}`);
  await j.advance(10_000);
  const to = sms.requests.map((r) => r.form['To']);
  assert.equal(new Set(to).size, 6, 'each exactly once');
  for (let n = 0; n < 6; n += 1) {
    const [message] = (await j.t.herald.store.reads.listOrderNotifications('default', `R-${n}`)).filter((x) => x.milestone === 'out_for_delivery');
    assert.equal(message!.status, 'sent');
  }
});
