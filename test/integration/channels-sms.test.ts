// SMS end to end against a local server speaking Twilio's wire format: 201, 400, 429 with
// Retry-After and 500, each handled as it should be (sent, failed over to the backup provider,
// retried when the provider said, retried with backoff then failed over); signed status callbacks
// and inbound STOP; an opt-out honoured for the very next message; a whole outage falling back
// to email.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startFakeSmsProvider, type FakeSmsProvider } from '../support/fake-sms-provider.ts';
import { NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

const PUBLIC = 'https://herald.test';
const HOOK = '/hooks/channels/default/sms/twilio';

/** Twilio's scheme, written independently of Herald's verifier: HMAC-SHA1 over URL + sorted name/value pairs. */
function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return createHmac('sha1', authToken).update(data).digest('base64');
}

describe('SMS through a Twilio-compatible provider', () => {
  let sms: FakeSmsProvider;
  let j: Journey;
  let seq = 0;
  const phone = (n: number) => `+1212555${String(1000 + n).slice(-4)}`;

  /** An order for a customer who agreed to SMS, and its parcel going out for delivery: one SMS due. */
  async function outForDelivery(n: number): Promise<string> {
    const ref = `S-${n}`;
    const at = Date.parse('2026-12-01T14:00:00Z') + n * 3_600_000;
    await j.post(orderEvent(`o${n}`, 'order.placed', ref, new Date(at).toISOString(), { number: String(5000 + n), customer: { email: `c${n}@example.com`, phone: phone(n), first_name: 'Sam', accepts_sms: true }, destination: NEW_YORK }));
    await j.drain();
    await j.post(shipmentEvent(`s${n}`, ref, new Date(at + 60_000).toISOString(), { tracking_number: `1Z999AA1012345${String(6000 + n)}`, state: 'out_for_delivery' }));
    return ref;
  }
  const smsOf = async (ref: string) => (await j.t.herald.store.reads.listOrderNotifications('default', ref)).find((x) => x.milestone === 'out_for_delivery')!;
  const callback = (params: Record<string, string>, signature?: string) =>
    j.t.request(HOOK, {
      key: null,
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilioSignature(sms.authToken, PUBLIC + HOOK, params) },
    });

  before(async () => {
    sms = await startFakeSmsProvider();
    j = await startJourney({ quietHours: null, maxMessagesPerRecipientPerDay: 50 }, { HERALD_PUBLIC_URL: PUBLIC });
    const saved = await j.t.request('/v1/channels/sms', {
      method: 'PUT',
      body: JSON.stringify({
        providers: [
          { provider: 'twilio', settings: { account_sid: sms.accountSid, auth_token: sms.authToken, from: '+15005550006', base_url: sms.url } },
          { provider: 'http-sms', name: 'backup', settings: { url: sms.httpSmsUrl, from: '+15005550007' } },
        ],
      }),
    });
    const text = await saved.text();
    assert.equal(saved.status, 200, text);
    const view = JSON.parse(text) as { providers: { name: string; settings: Record<string, unknown>; callback_url: string }[] };
    assert.equal(view.providers[0]!.settings['auth_token'], '[redacted]', 'credentials are never shown back');
    assert.equal(view.providers[0]!.callback_url, PUBLIC + HOOK);
  });
  after(async () => {
    await j.close();
    await sms.stop();
  });

  test('201: the SMS goes through Twilio with our sender, text and status callback, and its sid is recorded', async () => {
    const ref = await outForDelivery(++seq);
    await j.drain();
    const request = sms.requests.at(-1)!;
    assert.match(request.path, new RegExp(`/2010-04-01/Accounts/${sms.accountSid}/Messages.json`));
    assert.equal(request.form['To'], phone(seq));
    assert.equal(request.form['From'], '+15005550006');
    assert.match(request.form['Body'] ?? '', /out for delivery today/);
    assert.equal(request.form['StatusCallback'], PUBLIC + HOOK);
    const n = await smsOf(ref);
    assert.equal(n.status, 'sent');
    assert.equal(n.provider, 'twilio');
    assert.match(n.providerMessageId ?? '', /^SM[0-9a-f]{32}$/);
    const view = (await (await j.t.request(`/v1/notifications/${n.id}`)).json()) as { sms: { encoding: string; segments: number } };
    assert.deepEqual([view.sms.encoding, view.sms.segments], ['GSM-7', 1], 'the record says how the SMS was counted');
  });

  test('a signed status callback marks it delivered; an unsigned or tampered one is refused and changes nothing', async () => {
    const n = await smsOf(`S-${seq}`);
    const params = { MessageSid: n.providerMessageId!, MessageStatus: 'delivered', AccountSid: sms.accountSid, To: phone(seq) };
    assert.equal((await callback(params, 'bm90IGEgc2lnbmF0dXJl')).status, 403);
    assert.equal((await callback({ ...params, MessageStatus: 'failed' }, twilioSignature(sms.authToken, PUBLIC + HOOK, params))).status, 403, 'a changed parameter breaks the signature');
    assert.equal((await smsOf(`S-${seq}`)).status, 'sent');
    const ok = await callback(params);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /<Response\/?>(<\/Response>)?/);
    assert.equal((await smsOf(`S-${seq}`)).status, 'delivered');
    assert.equal((await callback(params)).status, 200, 'a retried callback is a duplicate, not an error');
  });

  test('a "delivered" callback that overtakes Twilio\'s answer is applied once the send is recorded', async () => {
    let overtaking: Promise<Response> | null = null;
    sms.script({
      kind: 'accept_after',
      before: async (sid) => {
        overtaking = callback({ MessageSid: sid, MessageStatus: 'delivered', AccountSid: sms.accountSid, To: phone(seq) });
        assert.equal((await overtaking).status, 200, 'the callback is taken while the send is not recorded yet');
      },
    });
    const ref = await outForDelivery(++seq);
    await j.drain();
    assert.ok(overtaking, 'the callback came before the answer');
    assert.equal((await smsOf(ref)).status, 'sent', 'the receipt found no send with that sid');
    j.t.clock.advance(2_500);
    await j.drain();
    const n = await smsOf(ref);
    assert.equal(n.status, 'delivered');
    assert.equal(n.history.filter((h) => h.status === 'delivered').length, 1);
  });

  test('429 with Retry-After: held exactly that long, then sent once', async () => {
    sms.script({ kind: 'rate_limited', retryAfter: '7' });
    const ref = await outForDelivery(++seq);
    const before = sms.requests.length;
    await j.drain();
    let n = await smsOf(ref);
    assert.equal(n.status, 'sending');
    assert.deepEqual(n.attempts?.map((a) => [a.provider, a.outcome, a.retryAfterMs]), [['twilio', 'temporary', 7_000]]);
    await j.advance(6_000);
    assert.equal(sms.requests.length, before + 1, 'nothing is sent before Retry-After has passed');
    await j.advance(1_500);
    n = await smsOf(ref);
    assert.equal(n.status, 'sent');
    assert.equal(sms.requests.length, before + 2);
  });

  test('400 (21211, invalid number): no retry on Twilio, the backup provider gets it at once', async () => {
    sms.script({ kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const ref = await outForDelivery(++seq);
    await j.drain();
    const n = await smsOf(ref);
    assert.equal(n.status, 'sent');
    assert.equal(n.provider, 'backup');
    assert.deepEqual(n.attempts?.map((a) => [a.provider, a.outcome]), [['twilio', 'permanent'], ['backup', 'sent']]);
    assert.match(n.attempts![0]!.reason ?? '', /21211/);
    assert.equal(sms.requests.at(-1)!.path, '/http-sms/messages');
    assert.equal(sms.requests.at(-1)!.headers['idempotency-key'], n.id, 'our notification id is the idempotency key');
  });

  test('500: retried with backoff on Twilio, then the outage fails over to the backup', async () => {
    for (let i = 0; i < 4; i += 1) sms.script({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
    const ref = await outForDelivery(++seq);
    await j.drain();
    for (let i = 0; i < 6 && (await smsOf(ref)).status === 'sending'; i += 1) await j.advance(20_000);
    const n = await smsOf(ref);
    assert.equal(n.status, 'sent');
    assert.deepEqual(n.attempts?.map((a) => [a.provider, a.outcome]), [['twilio', 'temporary'], ['twilio', 'temporary'], ['twilio', 'temporary'], ['twilio', 'temporary'], ['backup', 'sent']]);
    const gaps = n.attempts!.slice(1, 4).map((a, i) => Date.parse(a.at) - Date.parse(n.attempts![i]!.at));
    assert.ok(gaps.every((gap, i) => i === 0 || gap >= gaps[i - 1]! * 0.5), `backoff grows: ${gaps.join(', ')}`);
  });

  test('both SMS providers down for a number: the message falls back to the next channel (email)', async () => {
    const n = ++seq;
    sms.script({ kind: 'error', status: 400, code: 21614, message: 'not a mobile number' }, { to: phone(n) });
    const ref = await outForDelivery(n);
    await j.drain();
    const all = await j.t.herald.store.reads.listOrderNotifications('default', ref);
    const [viaSms, viaEmail] = [all.find((x) => x.milestone === 'out_for_delivery' && x.channel === 'sms')!, all.find((x) => x.milestone === 'out_for_delivery' && x.channel === 'email')];
    assert.equal(viaSms.status, 'failed');
    assert.match(viaSms.statusReason ?? '', /every sms provider gave up/);
    assert.ok(viaEmail, 'an email fallback was created');
    assert.equal(viaEmail.fallbackOf, viaSms.id);
    assert.equal(viaEmail.status, 'sent');
  });

  test('inbound STOP opts the number out: the very next message does not go by SMS, and the record says why', async () => {
    const n = ++seq;
    const ref = await outForDelivery(n);
    await j.drain();
    const stop = { MessageSid: `SM${'ab'.repeat(16)}`, From: phone(n), To: '+15005550006', Body: 'Stop', SmsStatus: 'received', AccountSid: sms.accountSid };
    const answer = await callback(stop);
    assert.equal(answer.status, 200);
    const consents = (await (await j.t.request(`/v1/consents?address=${encodeURIComponent(phone(n))}`)).json()) as { consents: { channel: string; status: string; source: string; proof: string }[] };
    assert.ok(consents.consents.length > 0 && consents.consents.every((c) => c.channel === 'sms' && c.status === 'revoked' && c.source === 'keyword'));
    assert.match(consents.consents[0]!.proof, /"Stop" from/);

    const before = sms.requests.length;
    await j.post(shipmentEvent(`s${n}b`, ref, '2026-12-03T15:00:00Z', { tracking_number: `1Z999AA1012345${7000 + n}`, state: 'out_for_delivery' }));
    await j.drain();
    assert.equal(sms.requests.length, before, 'no SMS after STOP');
    const next = (await j.t.herald.store.reads.listOrderNotifications('default', ref)).filter((x) => x.milestone === 'out_for_delivery').at(-1)!;
    assert.equal(next.channel, 'email');
    assert.match(next.history[0]!.reason ?? '', /instead of sms: the customer opted out by an SMS keyword/);
  });

  test('HELP is answered with the shop and how to stop; START opts back in', async () => {
    const help = await callback({ MessageSid: `SM${'cd'.repeat(16)}`, From: phone(99), To: '+15005550006', Body: 'help', SmsStatus: 'received', AccountSid: sms.accountSid });
    assert.match(await help.text(), /<Message>.*Reply STOP to stop.*<\/Message>/);
    await callback({ MessageSid: `SM${'ef'.repeat(16)}`, From: phone(seq), To: '+15005550006', Body: 'START', SmsStatus: 'received', AccountSid: sms.accountSid });
    const consents = (await (await j.t.request(`/v1/consents?address=${encodeURIComponent(phone(seq))}`)).json()) as { consents: { status: string }[] };
    assert.ok(consents.consents.every((c) => c.status === 'granted'));
  });

  test('an opt-out through the API between queueing and sending suppresses the queued SMS', async () => {
    const n = ++seq;
    const ref = await outForDelivery(n);
    // The run starts with the event, renders the SMS in the same transaction and hands it to the
    // dispatcher; the provider call (the dispatch job) is due but has not run yet.
    const queued = await smsOf(ref);
    assert.equal(queued.status, 'sending');
    const revoked = await j.t.request('/v1/consents', { method: 'POST', body: JSON.stringify({ channel: 'sms', address: phone(n), status: 'revoked', proof: 'customer asked on the phone' }) });
    assert.equal(revoked.status, 201, await revoked.text());
    const before = sms.requests.length;
    await j.drain();
    const n2 = await smsOf(ref);
    assert.equal(n2.status, 'suppressed');
    assert.match(n2.statusReason ?? '', /opted out just before the send/);
    assert.equal(sms.requests.length, before);
  });

  test('bad channel configs are refused with the field and the reason, and change nothing', async () => {
    const bad = await j.t.request('/v1/channels/sms', { method: 'PUT', body: JSON.stringify({ providers: [{ provider: 'twilio', settings: { account_sid: 'nope', auth_token: 'x', from: '+15005550006' } }, { provider: 'smtp', settings: {} }] }) });
    assert.equal(bad.status, 400);
    const body = (await bad.json()) as { error: { issues: { field: string; reason: string }[] } };
    assert.deepEqual(body.error.issues.map((i) => i.field).sort(), ['providers.0.settings.account_sid', 'providers.1.provider']);
    const unknown = await j.t.request('/v1/channels/fax', { method: 'PUT', body: JSON.stringify({ providers: [] }) });
    assert.equal(unknown.status, 400);
    const list = (await (await j.t.request('/v1/channels')).json()) as { channels: { channel: string; providers: { name: string }[] }[] };
    assert.deepEqual(list.channels.find((c) => c.channel === 'sms')!.providers.map((p) => p.name), ['twilio', 'backup']);
    const consent = await j.t.request('/v1/consents', { method: 'POST', body: JSON.stringify({ channel: 'pigeon', address: 'x', status: 'maybe' }) });
    assert.equal(consent.status, 400);
    const issues = ((await consent.json()) as { error: { issues: { field: string }[] } }).error.issues.map((i) => i.field).sort();
    assert.deepEqual(issues, ['address', 'channel', 'status']);
  });
});
