// Help desk sources (Gorgias, Zendesk, Freshdesk, the generic helpdesk shape): each fixture verified
// byte-exact, every rejection path refused with a reason, and each payload read into one
// `ticket.created` event whose attributes carry the customer's words only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshdeskAdapter } from '../../src/adapters/sources/freshdesk.ts';
import { gorgiasAdapter } from '../../src/adapters/sources/gorgias.ts';
import { helpdeskAdapter } from '../../src/adapters/sources/helpdesk.ts';
import { SOURCE_ADAPTERS, isSourceName } from '../../src/adapters/sources/index.ts';
import { SourceParseError } from '../../src/adapters/sources/source-errors.ts';
import type { SourceAdapter } from '../../src/adapters/sources/source-adapter.ts';
import { plainText } from '../../src/adapters/sources/ticket-events.ts';
import { ZENDESK_SIGNATURE_TOLERANCE_MS, zendeskAdapter } from '../../src/adapters/sources/zendesk.ts';
import { flipByte, hmacBase64, hmacHex, normalizeAll, NOW_MS, ownFixture, request } from './helpers.ts';

// Zendesk's documented signing secret for test deliveries of a webhook not yet created.
const ZENDESK_TEST_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const ZENDESK_TIMESTAMP = '2026-11-20T14:02:30Z';
const ZENDESK_VECTOR = 'L+epHdJhuOZXd5zSTHvJMV9wmM+D/Gq9V5Y2LEBNXjk=';
const HELPDESK_SECRET = 'hd-secret-7f3a';
const HELPDESK_VECTOR = 'fc21ea329e144a6bb7c403e54aa950783cc8d794031ed11decb8f949b24253b8';
const TOKEN = 'tok_live_9b2e61';

function attributesOf(events: readonly unknown[]): Record<string, unknown>[] {
  return normalizeAll(events).map((item) => {
    assert.equal(item.event.type, 'ticket.created');
    return item.event.attributes as Record<string, unknown>;
  });
}

function parseError(adapter: SourceAdapter, body: string, field: string): void {
  assert.throws(
    () => adapter.parse(request(body)),
    (error: unknown) => error instanceof SourceParseError && error.field === field,
    `expected a SourceParseError naming ${field}`,
  );
}

function zendeskHeaders(signature: string, timestamp = ZENDESK_TIMESTAMP): Record<string, string> {
  return { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp };
}

test('the four help desk sources are registered under their route names', () => {
  for (const name of ['gorgias', 'zendesk', 'freshdesk', 'helpdesk'] as const) {
    assert.ok(isSourceName(name));
    assert.equal(SOURCE_ADAPTERS[name].name, name);
  }
});

// ---------------------------------------------------------------- Zendesk

test('Zendesk: the fixture verifies byte-exact with its vector over timestamp + body', () => {
  const body = ownFixture('zendesk-comment-created.json');
  assert.equal(hmacBase64(ZENDESK_TEST_SECRET, Buffer.concat([Buffer.from(ZENDESK_TIMESTAMP), body])), ZENDESK_VECTOR);
  assert.deepEqual(zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR)), { secret: ZENDESK_TEST_SECRET }), { ok: true });
});

test('Zendesk: a changed byte, a changed timestamp, a wrong secret and missing headers are refused with reasons', () => {
  const body = ownFixture('zendesk-comment-created.json');
  const secrets = { secret: ZENDESK_TEST_SECRET };
  const mismatch = { ok: false, reason: "signature mismatch: check the Zendesk webhook's signing secret" };
  assert.deepEqual(zendeskAdapter.verify(request(flipByte(body), zendeskHeaders(ZENDESK_VECTOR)), secrets), mismatch);
  assert.deepEqual(zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR, '2026-11-20T14:02:31Z')), secrets), mismatch);
  assert.deepEqual(zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR)), { secret: 'another-secret' }), mismatch);
  assert.deepEqual(zendeskAdapter.verify(request(body, {}), secrets), { ok: false, reason: 'missing X-Zendesk-Webhook-Signature header' });
  assert.deepEqual(zendeskAdapter.verify(request(body, { 'x-zendesk-webhook-signature': ZENDESK_VECTOR }), secrets), {
    ok: false,
    reason: 'missing X-Zendesk-Webhook-Signature-Timestamp header',
  });
  assert.match(zendeskAdapter.verify(request(body, zendeskHeaders('not base64!')), secrets).ok ? '' : 'refused', /refused/);
  assert.match(String((zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR, 'yesterday')), secrets) as { reason: string }).reason), /malformed X-Zendesk-Webhook-Signature-Timestamp/);
  assert.equal(zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR)), { secret: '' }).ok, false);
});

test('Zendesk: a correctly signed request is stale past the 5-minute tolerance, either way', () => {
  assert.equal(ZENDESK_SIGNATURE_TOLERANCE_MS, 5 * 60 * 1000);
  const body = ownFixture('zendesk-comment-created.json');
  const signedAtMs = Date.parse(ZENDESK_TIMESTAMP);
  const at = (receivedAtMs: number) => zendeskAdapter.verify(request(body, zendeskHeaders(ZENDESK_VECTOR), { receivedAtMs }), { secret: ZENDESK_TEST_SECRET });
  assert.deepEqual(at(signedAtMs + ZENDESK_SIGNATURE_TOLERANCE_MS), { ok: true });
  assert.deepEqual(at(signedAtMs - ZENDESK_SIGNATURE_TOLERANCE_MS), { ok: true });
  const stale = at(signedAtMs + ZENDESK_SIGNATURE_TOLERANCE_MS + 1);
  assert.equal(stale.ok, false);
  assert.match(stale.ok ? '' : stale.reason, /^stale X-Zendesk-Webhook-Signature-Timestamp: more than 5 minutes from now/);
  assert.equal(at(signedAtMs - ZENDESK_SIGNATURE_TOLERANCE_MS - 1).ok, false);
});

test("Zendesk comment: one ticket.created event with the customer's new words, the order number and the requester", () => {
  const parsed = zendeskAdapter.parse(request(ownFixture('zendesk-comment-created.json')));
  assert.equal(parsed.topic, 'comment.created');
  const [event] = normalizeAll(parsed.events);
  assert.equal(event!.event.id, 'zendesk:4721:38811223344');
  assert.equal(event!.event.occurred_at, '2026-11-20T13:59:00.000Z');
  assert.equal(event!.event.order_ref, '1042');
  assert.deepEqual(event!.event.attributes, {
    ticket_id: '4721',
    message_id: '38811223344',
    subject: 'Order #1042 not delivered',
    text: 'Still nothing today. The tracking page has not moved since Monday.',
    customer_email: 'jane.doe@example.com',
    customer_phone: '+1 415 555 0142',
    customer_name: 'Jane Doe',
    channel: 'email',
    language: 'en',
    tags: ['order_status', 'shipping', 'vip'],
    url: 'https://acme.zendesk.com/agent/tickets/4721',
    status: 'open',
    from_agent: false,
  });
});

test("Zendesk ticket created: the id ends in 'created', no order field means no order_ref, empty placeholders are null", () => {
  const [attributes] = attributesOf(zendeskAdapter.parse(request(ownFixture('zendesk-ticket-created.json'))).events);
  const [event] = normalizeAll(zendeskAdapter.parse(request(ownFixture('zendesk-ticket-created.json'))).events);
  assert.equal(event!.event.id, 'zendesk:4730:created');
  assert.equal(event!.event.order_ref ?? null, null);
  assert.equal(event!.event.occurred_at, '2026-11-20T14:01:00.000Z');
  assert.equal(attributes!['message_id'], null);
  assert.equal(attributes!['text'], 'I received a size M but ordered L. How do I exchange it?');
  assert.equal(attributes!['customer_phone'], null);
  assert.deepEqual(attributes!['tags'], []);
  assert.equal(attributes!['channel'], 'web');
});

test('Zendesk: an agent comment and an internal note are marked from_agent; the description is read without its header', () => {
  const text = ownFixture('zendesk-comment-created.json').toString('utf8');
  const agent = JSON.parse(text) as { comment: Record<string, unknown> };
  agent.comment['author_role'] = 'Agent';
  assert.equal(attributesOf(zendeskAdapter.parse(request(JSON.stringify(agent))).events)[0]!['from_agent'], true);
  const note = JSON.parse(text) as { comment: Record<string, unknown> };
  note.comment['public'] = 'false';
  assert.equal(attributesOf(zendeskAdapter.parse(request(JSON.stringify(note))).events)[0]!['from_agent'], true);
  const bare = JSON.parse(text) as { event?: string; comment?: unknown };
  delete bare.comment;
  bare.event = 'ticket.created';
  assert.equal(attributesOf(zendeskAdapter.parse(request(JSON.stringify(bare))).events)[0]!['text'], 'My order #1042 has not arrived.');
});

test('Zendesk: malformed bodies and missing fields are SourceParseErrors naming the field', () => {
  parseError(zendeskAdapter, '{"ticket": ', 'body');
  parseError(zendeskAdapter, '[1,2]', 'body');
  parseError(zendeskAdapter, '{"event":"comment.created"}', 'ticket');
  parseError(zendeskAdapter, '{"ticket":{"id":"","subject":"x"}}', 'ticket.id');
  parseError(zendeskAdapter, '{"ticket":{"id":"{{ticket.id}}"}}', 'ticket.id');
});

// ---------------------------------------------------------------- Gorgias

test('Gorgias: the X-Herald-Token header must equal the secret', () => {
  const body = ownFixture('gorgias-ticket-message-created.json');
  assert.deepEqual(gorgiasAdapter.verify(request(body, { 'x-herald-token': TOKEN }), { secret: TOKEN }), { ok: true });
  assert.deepEqual(gorgiasAdapter.verify(request(body, { 'x-herald-token': `${TOKEN}x` }), { secret: TOKEN }), {
    ok: false,
    reason: 'token mismatch: check the X-Herald-Token header of the Gorgias HTTP integration',
  });
  assert.match(String((gorgiasAdapter.verify(request(body, {}), { secret: TOKEN }) as { reason: string }).reason), /^missing X-Herald-Token header/);
  assert.equal(gorgiasAdapter.verify(request(body, { 'x-herald-token': TOKEN }), { secret: '' }).ok, false);
});

test('Gorgias message created: stripped_text gives the new words; Python booleans and local times are read', () => {
  const parsed = gorgiasAdapter.parse(request(ownFixture('gorgias-ticket-message-created.json')));
  assert.equal(parsed.topic, 'ticket-message-created');
  assert.equal(parsed.deliveryId, '194871230');
  const [event] = normalizeAll(parsed.events);
  assert.equal(event!.event.id, 'gorgias:28455512:194871230');
  assert.equal(event!.event.occurred_at, '2026-11-20T13:58:02.551Z');
  assert.equal(event!.event.order_ref ?? null, null);
  assert.deepEqual(event!.event.attributes, {
    ticket_id: '28455512',
    message_id: '194871230',
    subject: 'Re: Where is my order #1042?',
    text: 'Hi, it still says in transit. Can you check?\n\nThanks,\nJane',
    customer_email: 'jane.doe@example.com',
    customer_phone: null,
    customer_name: 'Jane Doe',
    channel: 'email',
    language: 'en',
    tags: ['ORDER-STATUS', 'vip'],
    url: 'https://acme.gorgias.com/app/ticket/28455512',
    status: 'open',
    from_agent: false,
  });
});

test('Gorgias message created without stripped_text: the quoted reply is cut from body_text', () => {
  const payload = JSON.parse(ownFixture('gorgias-ticket-message-created.json').toString('utf8')) as { message: Record<string, unknown> };
  delete payload.message['stripped_text'];
  const [attributes] = attributesOf(gorgiasAdapter.parse(request(JSON.stringify(payload))).events);
  assert.equal(attributes!['text'], 'Hi, it still says in transit. Can you check?\n\nThanks,\nJane');
  payload.message['from_agent'] = 'True';
  assert.equal(attributesOf(gorgiasAdapter.parse(request(JSON.stringify(payload))).events)[0]!['from_agent'], true);
});

test('Gorgias ticket created with API objects: first message, tag objects, name parts, explicit order_id', () => {
  const [event] = normalizeAll(gorgiasAdapter.parse(request(ownFixture('gorgias-ticket-created-api-objects.json'))).events);
  assert.equal(event!.event.id, 'gorgias:28455600:created');
  assert.equal(event!.event.order_ref, '5309812345678');
  assert.equal(event!.event.occurred_at, '2026-11-20T13:40:00.000Z');
  const attributes = event!.event.attributes as Record<string, unknown>;
  assert.equal(attributes['text'], "Bonjour, ma commande 1043 n'est pas arrivée. Pouvez-vous vérifier ?");
  assert.deepEqual(attributes['tags'], ['livraison', 'urgent']);
  assert.equal(attributes['customer_name'], 'Luc Martin');
  assert.equal(attributes['channel'], 'chat');
  assert.equal(attributes['language'], 'fr');
  assert.equal(attributes['message_id'], null);
});

test('Gorgias: other triggers are acknowledged without events; missing ticket or message ids are named', () => {
  assert.deepEqual(gorgiasAdapter.parse(request('{"event":"ticket-updated","ticket":{"id":"1"}}')).events, []);
  parseError(gorgiasAdapter, 'not json', 'body');
  parseError(gorgiasAdapter, '{"event":"ticket-created"}', 'ticket');
  parseError(gorgiasAdapter, '{"event":"ticket-created","ticket":{"id":""}}', 'ticket.id');
  parseError(gorgiasAdapter, '{"event":"ticket-message-created","ticket":{"id":"7"}}', 'message');
  parseError(gorgiasAdapter, '{"event":"ticket-message-created","ticket":{"id":"7"},"message":{"id":"","body_text":"hi"}}', 'message.id');
});

// ---------------------------------------------------------------- Freshdesk

test('Freshdesk: X-Herald-Token, Basic password and API-key Basic are accepted; wrong credentials are refused', () => {
  const body = ownFixture('freshdesk-ticket-created.json');
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const secrets = { secret: TOKEN };
  assert.deepEqual(freshdeskAdapter.verify(request(body, { 'x-herald-token': TOKEN }), secrets), { ok: true });
  assert.deepEqual(freshdeskAdapter.verify(request(body, basic('herald', TOKEN)), secrets), { ok: true });
  assert.deepEqual(freshdeskAdapter.verify(request(body, basic(TOKEN, 'X')), secrets), { ok: true });
  assert.deepEqual(freshdeskAdapter.verify(request(body, basic('herald', 'guess')), secrets), {
    ok: false,
    reason: 'credentials mismatch: check the username/password or API key of the Freshdesk webhook action',
  });
  assert.equal(freshdeskAdapter.verify(request(body, { 'x-herald-token': 'guess' }), secrets).ok, false);
  assert.deepEqual(freshdeskAdapter.verify(request(body, { authorization: 'Bearer abc' }), secrets), { ok: false, reason: 'malformed Authorization header: expected Basic credentials' });
  assert.match(String((freshdeskAdapter.verify(request(body, {}), secrets) as { reason: string }).reason), /^missing X-Herald-Token and Authorization headers/);
});

test('Freshdesk ticket created (Advanced content): HTML description to text, signature cut, mobile as phone', () => {
  const [event] = normalizeAll(freshdeskAdapter.parse(request(ownFixture('freshdesk-ticket-created.json'))).events);
  assert.equal(event!.event.id, 'freshdesk:918:created');
  assert.equal(event!.event.order_ref, '1044');
  assert.equal(event!.event.occurred_at, '2026-11-20T13:50:00.000Z');
  assert.deepEqual(event!.event.attributes, {
    ticket_id: '918',
    message_id: null,
    subject: 'Delivery address change for order 1044',
    text: 'Hello,\nI moved last week & need order 1044 sent to my new address.\n\nRegards,\nPriya',
    customer_email: 'priya@example.in',
    customer_phone: '+91 98765 43210',
    customer_name: 'Priya Sharma',
    channel: 'email',
    language: 'en',
    tags: ['address', 'order-change'],
    url: 'https://acme.freshdesk.com/helpdesk/tickets/918',
    status: 'open',
    from_agent: false,
  });
});

test('Freshdesk reply (Simple content): the latest comment without its "wrote:" line, with a stable derived id', () => {
  const body = ownFixture('freshdesk-reply-simple.json');
  const [first] = normalizeAll(freshdeskAdapter.parse(request(body)).events);
  const [again] = normalizeAll(freshdeskAdapter.parse(request(body, {}, { receivedAtMs: NOW_MS + 60_000 })).events);
  assert.match(first!.event.id ?? '', /^freshdesk:918:c[0-9a-f]{16}$/);
  assert.equal(again!.event.id, first!.event.id);
  const attributes = first!.event.attributes as Record<string, unknown>;
  assert.equal(attributes['text'], 'The new address is 12 MG Road, Bengaluru 560001.');
  assert.equal(attributes['customer_email'], 'priya@example.in');
  assert.equal(first!.event.order_ref ?? null, null);
});

test('Freshdesk: malformed bodies and missing ticket ids are SourceParseErrors naming the field', () => {
  parseError(freshdeskAdapter, '\u0000', 'body');
  parseError(freshdeskAdapter, '{"event":"ticket.created"}', 'ticket');
  parseError(freshdeskAdapter, '{"ticket":{"subject":"x"}}', 'ticket.id');
  parseError(freshdeskAdapter, '{"freshdesk_webhook":{"ticket_subject":"x"}}', 'freshdesk_webhook.ticket_id');
});

// ---------------------------------------------------------------- generic helpdesk

test('helpdesk: the fixture verifies byte-exact with its hex vector, with or without sha256=; the token also works', () => {
  const body = ownFixture('helpdesk-message.json');
  const secrets = { secret: HELPDESK_SECRET };
  assert.equal(hmacHex(HELPDESK_SECRET, body), HELPDESK_VECTOR);
  assert.deepEqual(helpdeskAdapter.verify(request(body, { 'x-herald-signature': HELPDESK_VECTOR }), secrets), { ok: true });
  assert.deepEqual(helpdeskAdapter.verify(request(body, { 'x-herald-signature': `sha256=${HELPDESK_VECTOR}` }), secrets), { ok: true });
  assert.deepEqual(helpdeskAdapter.verify(request(body, { 'x-herald-token': HELPDESK_SECRET }), secrets), { ok: true });
});

test('helpdesk: a changed byte, a wrong secret, a malformed or missing signature are refused', () => {
  const body = ownFixture('helpdesk-message.json');
  const secrets = { secret: HELPDESK_SECRET };
  const mismatch = { ok: false, reason: 'signature mismatch: check the help desk source secret' };
  assert.deepEqual(helpdeskAdapter.verify(request(flipByte(body), { 'x-herald-signature': HELPDESK_VECTOR }), secrets), mismatch);
  assert.deepEqual(helpdeskAdapter.verify(request(body, { 'x-herald-signature': HELPDESK_VECTOR }), { secret: 'other' }), mismatch);
  assert.match(String((helpdeskAdapter.verify(request(body, { 'x-herald-signature': 'xyz' }), secrets) as { reason: string }).reason), /^malformed X-Herald-Signature/);
  assert.deepEqual(helpdeskAdapter.verify(request(body, {}), secrets), { ok: false, reason: 'missing X-Herald-Signature (or X-Herald-Token) header' });
  assert.equal(helpdeskAdapter.verify(request(body, { 'x-herald-token': 'other' }), secrets).ok, false);
});

test('helpdesk: the generic shape maps one to one, quoted lines dropped, times to UTC', () => {
  const [event] = normalizeAll(helpdeskAdapter.parse(request(ownFixture('helpdesk-message.json'))).events);
  assert.equal(event!.event.id, 'helpdesk:HD-20931:m-5');
  assert.equal(event!.event.occurred_at, '2026-11-20T05:00:30.000Z');
  assert.equal(event!.event.order_ref, '1045');
  assert.deepEqual(event!.event.attributes, {
    ticket_id: 'HD-20931',
    message_id: 'm-5',
    subject: 'Is my parcel lost?',
    text: 'Hello, the tracking shows no movement for 6 days. Order 1045.',
    customer_email: 'kim@example.kr',
    customer_phone: '+82 10 1234 5678',
    customer_name: 'Kim Minji',
    channel: 'chat',
    language: 'ko',
    tags: ['where-is-my-order'],
    url: 'https://support.acme.example/tickets/HD-20931',
    status: null,
    from_agent: false,
  });
});

test('helpdesk: each missing or malformed required field is named', () => {
  parseError(helpdeskAdapter, '{"id":', 'body');
  parseError(helpdeskAdapter, '{"text":"hi","created_at":"2026-11-20T14:00:00Z"}', 'id');
  parseError(helpdeskAdapter, '{"id":"1","created_at":"2026-11-20T14:00:00Z"}', 'text');
  parseError(helpdeskAdapter, '{"id":"1","text":"hi"}', 'created_at');
  parseError(helpdeskAdapter, '{"id":"1","text":"hi","created_at":"yesterday"}', 'created_at');
  parseError(helpdeskAdapter, '{"id":"1","text":"hi","created_at":"2026-11-20T14:00:00Z","customer":"kim"}', 'customer');
  parseError(helpdeskAdapter, '{"id":"1","message_id":{},"text":"hi","created_at":"2026-11-20T14:00:00Z"}', 'message_id');
  const [minimal] = attributesOf(helpdeskAdapter.parse(request('{"id":7,"text":"hi","created_at":"2026-11-20T14:00:00Z","from_agent":true}')).events);
  assert.equal(minimal!['ticket_id'], '7');
  assert.equal(minimal!['from_agent'], true);
  assert.equal(minimal!['customer_email'], null);
});

// ---------------------------------------------------------------- text cleanup

test('plainText keeps the new words: HTML, quotes, signatures and reply markers removed, entities decoded', () => {
  const cases: [string | null, string | null, string][] = [
    ['Where is it?\n\nOn Mon, Nov 18, 2026 at 9:02 AM Acme <a@b.c> wrote:\n> old', null, 'Where is it?'],
    ['Où est-il ?\n\nLe lun. 18 nov. 2026 à 09:02, Acme <a@b.c> a écrit :\n> ancien', null, 'Où est-il ?'],
    ['Help\n-----Original Message-----\nFrom: shop', null, 'Help'],
    ['Thanks\n-- \nJane\n555-0100', null, 'Thanks'],
    ['ok\r\nSent from my iPhone', null, 'ok'],
    [null, '<p>Hi&nbsp;there &amp; &#233;t&#xE9;</p><blockquote>quoted</blockquote><p>bye</p>', 'Hi there & été\n\nbye'],
    ['> only a quote', null, '> only a quote'],
    ['', null, ''],
  ];
  for (const [text, html, expected] of cases) assert.equal(plainText(text, html), expected, JSON.stringify(text ?? html));
  assert.equal(plainText('x'.repeat(5000)).length, 4000);
});
