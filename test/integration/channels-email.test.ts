// Email end to end: the default pack's messages go through real SMTP to a real SMTP server on
// 127.0.0.1, are parsed there (headers, both parts, branding, signed links, the open pixel), and
// the pixel, a click and the one-click unsubscribe come back as delivery truth and consent.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ADA, DAY_MS, NEW_YORK, orderEvent, shipmentEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

interface Inbox {
  port: number;
  mails: ParsedMail[];
  /** Wait (bounded) until `count` messages arrived. */
  waitFor(count: number): Promise<ParsedMail[]>;
  reject: Set<string>;
  close(): Promise<void>;
}

async function startInbox(): Promise<Inbox> {
  const mails: ParsedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (reject.has(address.address)) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    reject,
    async waitFor(count) {
      for (let i = 0; i < 200 && mails.length < count; i += 1) await new Promise((r) => setTimeout(r, 10));
      assert.equal(mails.length, count, `expected ${count} messages at the SMTP server`);
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const PUBLIC = 'https://herald.test';

describe('email over real SMTP', () => {
  let inbox: Inbox;
  let j: Journey;

  before(async () => {
    inbox = await startInbox();
    j = await startJourney({ quietHours: null }, { HERALD_PUBLIC_URL: PUBLIC });
    const email = await j.t.request('/v1/channels/email', {
      method: 'PUT',
      body: JSON.stringify({ providers: [{ provider: 'smtp', settings: { url: `smtp://127.0.0.1:${inbox.port}`, from_address: 'orders@acme.example', from_name: 'Acme Shop', reply_to: 'help@acme.example' } }] }),
    });
    assert.equal(email.status, 200, await email.text());
    const settings = await j.t.request('/v1/settings', { method: 'PATCH', body: JSON.stringify({ brand: { name: 'Acme Shop', primary_color: '#aa3300', help_url: 'https://acme.example/help' } }) });
    assert.equal(settings.status, 200, await settings.text());
  });
  after(async () => {
    await j.close();
    await inbox.close();
  });

  test('the confirmation arrives with sender, reply-to, subject, both parts, branding, signed links and the pixel', async () => {
    await j.post(orderEvent('e1', 'order.placed', 'E-1', '2026-12-01T10:00:00Z', { number: '1001', customer: ADA, destination: NEW_YORK }));
    await j.drain();
    const [mail] = await inbox.waitFor(1);
    assert.equal(mail!.from?.value[0]?.address, 'orders@acme.example');
    assert.equal(mail!.from?.value[0]?.name, 'Acme Shop');
    assert.equal(mail!.replyTo?.value[0]?.address, 'help@acme.example');
    assert.equal(mail!.subject, 'Your order 1001 is confirmed');
    assert.match(mail!.text ?? '', /We've received order 1001/);
    const html = String(mail!.html);
    assert.match(html, /#aa3300/, 'the brand colour is in the layout');
    assert.match(html, /We&#39;ve received order 1001|We've received order 1001/);
    assert.match(html, new RegExp(`${PUBLIC}/m/o/default/ntf_[^/]+/[A-Za-z0-9_-]+\\.gif`), 'the open pixel');
    assert.match(html, new RegExp(`${PUBLIC}/m/c/default/`), 'links are signed click links');
    assert.doesNotMatch(html, /href="https:\/\/acme\.example\/help"/, 'no raw link is left');
    assert.equal(mail!.headerLines.find((h) => h.key === 'list-unsubscribe'), undefined, 'transactional mail carries no List-Unsubscribe');
    const [n] = await j.t.herald.store.reads.listOrderNotifications('default', 'E-1');
    assert.equal(mail!.messageId, n!.providerMessageId, 'the provider id is our Message-ID');
    assert.equal(n!.status, 'sent');
    assert.equal(n!.provider, 'smtp');
  });

  test('the pixel marks the message opened, a click marks it clicked and redirects; a forged click is refused', async () => {
    const html = String(inbox.mails[0]!.html);
    const pixel = new URL(/src="([^"]+\.gif)"/.exec(html)![1]!);
    const opened = await j.t.request(pixel.pathname, { key: null });
    assert.equal(opened.status, 200);
    assert.equal(opened.headers.get('content-type'), 'image/gif');
    let [n] = await j.t.herald.store.reads.listOrderNotifications('default', 'E-1');
    assert.equal(n!.status, 'opened');

    j.t.clock.advance(1_000);
    const click = new URL(/href="(https:\/\/herald\.test\/m\/c\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'));
    const forged = new URL(click);
    forged.searchParams.set('u', 'https://evil.example/');
    assert.equal((await j.t.request(forged.pathname + forged.search, { key: null })).status, 400, 'no open redirect');
    const clicked = await j.t.request(click.pathname + click.search, { key: null });
    assert.equal(clicked.status, 302);
    assert.equal(clicked.headers.get('location'), 'https://acme.example/help');
    [n] = await j.t.herald.store.reads.listOrderNotifications('default', 'E-1');
    assert.equal(n!.status, 'clicked');
    const order = (await (await j.t.request('/v1/orders/E-1')).json()) as { timeline: { type: string }[]; notifications: { status: string }[] };
    assert.deepEqual(order.timeline.map((e) => e.type).filter((t) => t.startsWith('message.')), ['message.opened', 'message.clicked']);
    assert.equal(order.notifications[0]!.status, 'clicked');
  });

  test('a marketing email has List-Unsubscribe; one click opts the address out and the next marketing email is not sent', async () => {
    const fan = { ...ADA, email: 'fan@example.com', accepts_email_marketing: true };
    const placedAt = Date.parse('2026-12-02T10:00:00Z');
    await j.post(orderEvent('m1', 'order.placed', 'M-1', '2026-12-02T10:00:00Z', { number: '2001', customer: fan, destination: NEW_YORK }));
    await j.post(shipmentEvent('m2', 'M-1', '2026-12-02T12:00:00Z', { tracking_number: '1Z999AA10123456784', state: 'delivered' }));
    await j.drain();
    await j.at(new Date(placedAt + 5 * DAY_MS).toISOString());
    const review = inbox.mails.find((m) => m.subject === 'How is your order 2001?');
    assert.ok(review, `the review request arrived (got: ${inbox.mails.map((m) => m.subject).join(', ')})`);
    const header = review.headerLines.find((h) => h.key === 'list-unsubscribe')?.line;
    const url = header ? /<([^>]+)>/.exec(header)?.[1] : undefined;
    assert.ok(url?.startsWith(`${PUBLIC}/m/u/default/`), `List-Unsubscribe points at our signed link: ${JSON.stringify(header)}`);
    assert.equal(review.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line, 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    const path = new URL(url!).pathname;
    const page = await j.t.request(path, { key: null });
    assert.equal(page.status, 200, 'GET only shows a button: mail scanners must not unsubscribe anyone');
    assert.equal((await (await j.t.request('/v1/consents?address=fan@example.com')).json() as { consents: unknown[] }).consents.length, 0);
    const done = await j.t.request(path, { key: null, method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(done.status, 200);
    const consents = (await (await j.t.request('/v1/consents?address=FAN@example.com')).json()) as { consents: { channel: string; purpose: string; status: string; source: string }[] };
    assert.deepEqual(consents.consents.map((c) => [c.channel, c.purpose, c.status, c.source]), [['email', 'marketing', 'revoked', 'link']]);

    const before = inbox.mails.length;
    await j.post(orderEvent('m3', 'order.placed', 'M-2', new Date(placedAt + 6 * DAY_MS).toISOString(), { number: '2002', customer: fan, destination: NEW_YORK }));
    await j.drain();
    await j.post(shipmentEvent('m4', 'M-2', new Date(placedAt + 6 * DAY_MS + 3_600_000).toISOString(), { tracking_number: '1Z999AA10123456793', state: 'delivered' }));
    await j.drain();
    await j.at(new Date(placedAt + 11 * DAY_MS).toISOString());
    const subjects = inbox.mails.slice(before).map((m) => m.subject);
    assert.ok(subjects.includes('Your order 2002 is confirmed'), `transactional email still flows: ${subjects.join(', ')} ${JSON.stringify(await j.notifications('M-2'))}`);
    assert.ok(!subjects.includes('How is your order 2002?'), 'no marketing email after the unsubscribe');
    const second = (await j.t.herald.store.reads.listOrderNotifications('default', 'M-2')).find((n) => n.milestone === 'follow_up');
    assert.equal(second?.status, 'suppressed', JSON.stringify((await j.activity('M-2')).map((a) => [a.step, a.outcome, a.reason])));
    assert.match(second?.statusReason ?? '', /opted out by the unsubscribe link/);
  });

  test('a forged unsubscribe link changes nothing', async () => {
    const response = await j.t.request('/m/u/default/ntf_x/AAAAAAAAAAAAAAAAAAAAAAAAAAA', { key: null, method: 'POST' });
    assert.equal(response.status, 400);
  });

  test('a mailbox the server refuses (550) fails the email over: no other channel reaches the customer, so support gets a case', async () => {
    inbox.reject.add('gone@example.com');
    await j.post(orderEvent('g1', 'order.placed', 'G-1', '2026-12-20T10:00:00Z', { number: '3001', customer: { email: 'gone@example.com', first_name: 'Gone' }, destination: NEW_YORK }));
    await j.drain();
    const [n] = await j.t.herald.store.reads.listOrderNotifications('default', 'G-1');
    assert.equal(n!.status, 'failed');
    assert.match(n!.statusReason ?? '', /smtp: .*550/);
    const cases = await j.t.herald.store.reads.listOrderCases('default', 'G-1');
    assert.deepEqual(cases.map((c) => [c.reason, c.team]), [['message_undeliverable', 'support']]);
  });
});
