// Ticket triage end to end: signed Zendesk webhooks in, the `ticket.triage` job run by the worker,
// a stand-in Zendesk API on 127.0.0.1 out. WISMO tickets about routine orders are answered in the
// customer's language, otherwise noted and tagged for an agent; other tickets are left alone; every
// linked ticket counts on its order and shows in its timeline.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { isoAt } from '../../src/core/ports/clock.ts';
import type { WorkflowActivityRecord } from '../../src/core/workflows/workflow-activity.ts';
import { startProviderServer, type ProviderReply, type ProviderServer, type ReceivedRequest } from '../channels/provider-server.ts';
import { jsonBody, startTestHerald, type TestHerald } from '../support/test-herald.ts';

const SECRET = 'zd-signing-secret-3f9a';
const AUTH = `Basic ${Buffer.from('support@shop.example/token:zd_api_token_42').toString('base64')}`;

interface TicketInput {
  id: string;
  commentId?: string;
  subject: string;
  body: string;
  email: string;
  name: string;
  language: string;
  role?: string;
  /** The trigger's explicit order field (`{{ticket.order_number}}` style). */
  orderRef?: string;
}

describe('ticket triage', () => {
  let h: TestHerald;
  let zendesk: ProviderServer;
  // Replies to hand out before the normal answer, by request path.
  const queued = new Map<string, ProviderReply[]>();

  before(async () => {
    zendesk = await startProviderServer((request) => {
      if (request.headers['authorization'] !== AUTH) return { status: 401, body: { error: 'Couldn\u2019t authenticate you' } };
      const next = queued.get(request.path)?.shift();
      if (next) return next;
      if (request.method === 'PUT' && /^\/api\/v2\/tickets\/\d+\.json$/.test(request.path)) return { status: 200, body: { ticket: { id: 1 }, audit: { id: 2 } } };
      if (request.method === 'PUT' && /^\/api\/v2\/tickets\/\d+\/tags\.json$/.test(request.path)) return { status: 200, body: { tags: [] } };
      return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    });
    h = await startTestHerald();
    await h.herald.store.admin.saveSourceConfig({
      storeId: 'default',
      source: 'zendesk',
      secret: SECRET,
      urlToken: null,
      shopDomain: null,
      settings: { reply: { provider: 'zendesk', base_url: zendesk.baseUrl, email: 'support@shop.example', api_token: 'zd_api_token_42' } },
      createdAt: isoAt(h.clock.nowMs()),
    });
    await setAnswering(h, 'answer');
    await order(h, 'o-en', '#2001', { email: 'emma.brown@example.com', first_name: 'Emma', last_name: 'Brown' });
    await parcel(h, 'o-en', 'ups', '1Z999AA10123456784', 'in_transit', { estimated_delivery_at: '2026-11-23T18:00:00Z', location: { city: 'Memphis', region: 'TN', country: 'US' } });
    await order(h, 'o-de', '#2002', { email: 'jonas@example.de', first_name: 'Jonas', last_name: 'Keller' });
    await parcel(h, 'o-de', 'dhl', '00340434161094042557', 'out_for_delivery', { estimated_delivery_at: '2026-11-20T17:00:00Z', location: { city: 'Köln', country: 'DE' } });
    await order(h, 'o-fr', '#2003', { email: 'camille@example.fr', first_name: 'Camille', last_name: 'Martin' });
    await parcel(h, 'o-fr', 'colissimo', '6A12345678901', 'in_transit', { estimated_delivery_at: '2026-11-24T12:00:00Z', location: { city: 'Lyon', country: 'FR' } });
    await order(h, 'o-es', '#2004', { email: 'lucia@example.es', first_name: 'Lucía', last_name: 'García' });
    await parcel(h, 'o-es', 'gls', '12345678901234', 'label_created', {});
    await order(h, 'o-tag', '#2005', { email: 'sam@example.com', first_name: 'Sam' });
    await parcel(h, 'o-tag', 'ups', '1Z999AA10123456785', 'in_transit', { estimated_delivery_at: '2026-11-22T18:00:00Z' });
    await order(h, 'o-late', '#2006', { email: 'noah@example.com', first_name: 'Noah' });
    await parcel(h, 'o-late', 'ups', '1Z999AA10123456786', 'exception', { reason: 'carrier_delay', location: { city: 'Louisville', region: 'KY', country: 'US' } });
    await order(h, 'o-429', '#2007', { email: 'mia@example.com', first_name: 'Mia' });
    await parcel(h, 'o-429', 'ups', '1Z999AA10123456787', 'out_for_delivery', {});
    await order(h, 'o-refused', '#2008', { email: 'leo@example.com', first_name: 'Leo' });
    await parcel(h, 'o-refused', 'ups', '1Z999AA10123456788', 'in_transit', {});
    await order(h, 'o-stall', '#2009', { email: 'ava@example.com', first_name: 'Ava' });
    await parcel(h, 'o-stall', 'ups', '1Z999AA10123456789', 'in_transit', { location: { city: 'Reno', region: 'NV', country: 'US' } });
    for (const [ref, number, email] of [['o-n1', '#2101', 'olivia@example.com'], ['o-n2', '#2102', 'lena@example.de'], ['o-n3', '#2103', 'hugo@example.fr'], ['o-n4', '#2104', 'pablo@example.es']] as const) {
      await order(h, ref, number, { email });
      await parcel(h, ref, 'ups', `1Z999AA1012345${ref.slice(-1)}799`, 'in_transit', {});
    }
    await runJobs(h);
  });
  after(async () => {
    await h.close();
    await zendesk.close();
  });

  const toTicket = (id: string) => zendesk.requests.filter((r) => r.path === `/api/v2/tickets/${id}.json` || r.path === `/api/v2/tickets/${id}/tags.json`);
  const publicReply = (id: string) => toTicket(id).find((r) => r.path.endsWith(`${id}.json`) && comment(r).public === true);

  test('unseen WISMO tickets in English, German, French and Spanish about routine orders are answered in their language with each parcel\'s status', async () => {
    await postTicket(h, { id: '5101', subject: 'My jacket', body: "Hi there, I bought a rain jacket from you last week and I'm still waiting for it. When will it arrive?", email: 'Emma.Brown@Example.com', name: 'Emma Brown', language: 'English' });
    await postTicket(h, { id: '5102', subject: 'Lieferung', body: 'Guten Tag, wo ist meine Bestellung #2002? Ich warte schon eine Woche.', email: 'jonas@example.de', name: 'Jonas Keller', language: 'de' });
    await postTicket(h, { id: '5103', subject: 'Ma commande', body: "Bonjour, où est ma commande n° 2003 ? Je n'ai toujours rien reçu. Merci d'avance", email: 'camille@example.fr', name: 'Camille Martin', language: 'fr' });
    await postTicket(h, { id: '5104', subject: 'Pedido', body: 'Hola, ¿cuándo llegará mi pedido #2004? Lo compré el lunes. Gracias', email: 'lucia@example.es', name: 'Lucía García', language: 'es' });
    await runJobs(h);

    const expected: [string, RegExp[]][] = [
      ['5101', [/^Hi Emma,/, /order #2001:/, /- Parcel UPS 1Z999AA10123456784: on its way, expected on Monday, November 23, last scanned in Memphis, TN\./, /just reply to this message/]],
      ['5102', [/^Hallo Jonas,/, /Bestellung #2002:/, /- Paket DHL 00340434161094042557: in der Zustellung, voraussichtlich am Freitag, 20\. November, zuletzt erfasst in Köln, DE\./, /Viele Grüße/]],
      ['5103', [/^Bonjour Camille,/, /commande #2003 :/, /- Colis Colissimo 6A12345678901: en route vers vous, livraison prévue le mardi 24 novembre, dernier passage à Lyon, FR\./, /Cordialement,/]],
      ['5104', [/^Hola, Lucía:/, /pedido #2004:/, /- Paquete GLS 12345678901234: embalado y etiquetado, a la espera de que lo recoja la empresa de transporte\./, /Saludos cordiales,/]],
    ];
    for (const [id, patterns] of expected) {
      const reply = publicReply(id);
      assert.ok(reply, `ticket ${id} got a public reply`);
      const body = comment(reply).body;
      for (const pattern of patterns) assert.match(body, pattern, `ticket ${id}`);
      for (const internal of ['Brown', 'Keller', 'Martin', 'García', '@', 'o-en', 'o-de', 'Herald', 'confidence', 'WISMO']) assert.ok(!body.includes(internal), `no ${internal} in the reply to ${id}`);
      assert.deepEqual(tagsSent(toTicket(id)), [['herald-answered']], `ticket ${id} is tagged answered`);
      assert.equal(toTicket(id).filter((r) => r.path.endsWith(`${id}.json`)).length, 1, `one comment on ${id}`);
    }
    const log = await ticketLog(h, 'o-en');
    assert.equal(log.length, 1);
    assert.equal(log[0]!.outcome, 'done');
    assert.equal(log[0]!.step, 'ticket');
    assert.match(log[0]!.reason!, /^WISMO ticket 5101 \(zendesk, en\), linked by email emma\.brown@example\.com: answered the customer/);
    assert.equal(log[0]!.detail!['linked_by'], 'email');
    assert.match((await ticketLog(h, 'o-de'))[0]!.reason!, /linked by order number 2002/);
  });

  test('each linked ticket counts on its order and is remembered there', async () => {
    const en = await h.herald.store.reads.getOrder('default', 'o-en');
    assert.equal(en!.ticketCount, 1);
    assert.deepEqual(en!.tickets, [{ source: 'zendesk', ticketId: '5101', at: en!.tickets![0]!.at, intent: 'wismo' }]);
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-tag'))!.ticketCount ?? 0, 0, 'an order without tickets has none');
  });

  test('a second ticket about the same order from another conversation is flagged a duplicate', async () => {
    await postTicket(h, { id: '5110', subject: 'Noch eine Frage', body: 'Hallo nochmal, meine Bestellung 2002 ist immer noch nicht da. Wann kommt das Paket?', email: 'jonas@example.de', name: 'Jonas Keller', language: 'de' });
    await runJobs(h);
    assert.deepEqual(tagsSent(toTicket('5110')), [['herald-answered', 'herald-duplicate']]);
    const log = await ticketLog(h, 'o-de');
    assert.equal(log.length, 2);
    assert.match(log[1]!.reason!, /duplicate conversation: ticket 5102 \(zendesk\) from 2026-11-20 is about the same order/);
    assert.equal((log[1]!.detail!['duplicate_of'] as { ticketId: string }).ticketId, '5102');
    const de = await h.herald.store.reads.getOrder('default', 'o-de');
    assert.equal(de!.ticketCount, 2);
    assert.deepEqual(de!.tickets!.map((t) => t.ticketId), ['5102', '5110']);
  });

  test("with ticketAnswering 'tag' a routine WISMO ticket gets an internal note with the order's context and a tag, no public reply", async () => {
    await setAnswering(h, 'tag');
    try {
      await postTicket(h, { id: '5120', subject: 'Order status', body: 'Hello, could you give me an update on order 2005? Thanks, Sam', email: 'sam@example.com', name: 'Sam Lee', language: 'en' });
      await runJobs(h);
    } finally {
      await setAnswering(h, 'answer');
    }
    assert.equal(publicReply('5120'), undefined);
    assert.deepEqual(tagsSent(toTicket('5120')), [['herald-wismo']]);
    const note = toTicket('5120').find((r) => r.path === '/api/v2/tickets/5120.json');
    assert.equal(comment(note!).public, false);
    assert.match(comment(note!).body, /Routine: the order is on track/);
    assert.match(comment(note!).body, /Order #2005 \(placed \d+ Nov\): Shipped, 1 parcel\. UPS 1Z999AA10123456785: on its way/);
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-tag'))!.ticketCount, 1);
  });

  test('a WISMO ticket about a delayed parcel gets a note naming the blockers and herald-needs-agent', async () => {
    await postTicket(h, { id: '5130', subject: 'Where is it', body: 'Where is my parcel? Order #2006, the tracking has not moved for days.', email: 'noah@example.com', name: 'Noah', language: 'en' });
    await runJobs(h);
    assert.equal(publicReply('5130'), undefined);
    assert.deepEqual(tagsSent(toTicket('5130')), [['herald-wismo', 'herald-needs-agent']]);
    const note = comment(toTicket('5130').find((r) => r.path === '/api/v2/tickets/5130.json')!);
    assert.equal(note.public, false);
    assert.match(note.body, /Needs an agent: .*parcel 1Z999AA10123456786: Delayed by the carrier/);
    assert.match(note.body, /Order #2006/);
    const [entry] = await ticketLog(h, 'o-late');
    assert.match(entry!.reason!, /needs an agent: .*Delayed by the carrier/);
    assert.equal(entry!.detail!['routine'], false);
  });

  test('tickets that are not about where the order is (refund, return, product, exchange) are left alone: nothing reaches the help desk', async () => {
    const tickets: [TicketInput, string][] = [
      [{ id: '5141', subject: 'Refund', body: 'I sent the shoes back two weeks ago, when will I get my refund for order #2101?', email: 'olivia@example.com', name: 'Olivia', language: 'en' }, 'o-n1'],
      [{ id: '5142', subject: 'Rücksendung', body: 'Hallo, ich möchte die Hose aus Bestellung 2102 zurückschicken, sie ist zu groß. Wie funktioniert die Rücksendung?', email: 'lena@example.de', name: 'Lena', language: 'de' }, 'o-n2'],
      [{ id: '5143', subject: 'Question', body: 'Bonjour, est-ce que ce pull existe aussi en taille M ? Il est en quelle matière ?', email: 'hugo@example.fr', name: 'Hugo', language: 'fr' }, 'o-n3'],
      [{ id: '5144', subject: 'Cambio', body: 'Hola, quiero cambiar las zapatillas del pedido 2104 por una talla más grande.', email: 'pablo@example.es', name: 'Pablo', language: 'es' }, 'o-n4'],
    ];
    for (const [ticket] of tickets) await postTicket(h, ticket);
    await runJobs(h);
    for (const [ticket, orderRef] of tickets) {
      assert.deepEqual(toTicket(ticket.id), [], `nothing sent for ticket ${ticket.id}`);
      const [entry] = await ticketLog(h, orderRef);
      assert.equal(entry!.outcome, 'skipped', ticket.id);
      assert.match(entry!.reason!, /^ticket \d+ \(zendesk, (en|de|fr|es)\), linked by .*: not a "where is my order\?" ticket.*left alone/);
      assert.equal(entry!.detail!['intent'], 'other');
      assert.equal((await h.herald.store.reads.getOrder('default', orderRef))!.ticketCount, 1);
    }
  });

  test("a ticket whose webhook names the order is linked by it and counted once, not again on top of ingest's count", async () => {
    await postTicket(h, { id: '5145', orderRef: 'o-n3', subject: 'Livraison', body: "Bonjour, quand est-ce que ma commande va arriver ? Je n'ai encore rien reçu.", email: 'hugo@example.fr', name: 'Hugo', language: 'fr' });
    await runJobs(h);
    const log = await ticketLog(h, 'o-n3');
    assert.equal(log.length, 2);
    assert.equal(log[1]!.detail!['linked_by'], 'order_ref');
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-n3'))!.ticketCount, 2);
    assert.deepEqual(tagsSent(toTicket('5145')), [['herald-answered', 'herald-duplicate']]);
  });

  test('a 429 from the help desk retries the job after Retry-After, then answers once', async () => {
    queued.set('/api/v2/tickets/5150/tags.json', [{ status: 429, headers: { 'retry-after': '30' }, body: { error: 'TooManyRequests', description: 'Rate limit exceeded' } }]);
    await postTicket(h, { id: '5150', subject: 'Order', body: 'Hi, where is my order #2007? It was supposed to arrive yesterday.', email: 'mia@example.com', name: 'Mia', language: 'en' });
    await runJobs(h);
    assert.equal(toTicket('5150').length, 1, 'the tag call was refused and nothing else was sent');
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-429'))!.ticketCount ?? 0, 0, 'nothing is recorded before the help desk took it');
    h.clock.advance(29_000);
    await runJobs(h);
    assert.equal(toTicket('5150').length, 1, 'not before Retry-After');
    h.clock.advance(1_000);
    await runJobs(h);
    assert.deepEqual(tagsSent(toTicket('5150')), [['herald-answered'], ['herald-answered']]);
    assert.equal(toTicket('5150').filter((r) => comment(r).public === true).length, 1, 'one reply');
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-429'))!.ticketCount, 1);
    assert.equal((await ticketLog(h, 'o-429'))[0]!.outcome, 'done');
  });

  test('a permanent help desk refusal is logged on the order and not retried', async () => {
    queued.set('/api/v2/tickets/5160/tags.json', [{ status: 404, body: { error: 'RecordNotFound', description: 'Not found' } }]);
    await postTicket(h, { id: '5160', subject: 'Order', body: 'Hello, where is my order #2008?', email: 'leo@example.com', name: 'Leo', language: 'en' });
    await runJobs(h);
    h.clock.advance(3_600_000);
    await runJobs(h);
    assert.equal(toTicket('5160').length, 1);
    const [entry] = await ticketLog(h, 'o-refused');
    assert.equal(entry!.outcome, 'failed');
    assert.match(entry!.reason!, /not done: the zendesk tag was refused: .*RecordNotFound/);
    assert.equal((await h.herald.store.reads.getOrder('default', 'o-refused'))!.ticketCount, 1);
  });

  test('a WISMO ticket Herald cannot link to an order gets a note saying what was searched, for an agent', async () => {
    await postTicket(h, { id: '5180', subject: 'Where is my order', body: 'Hello, where is my order #7777? It still has not arrived.', email: 'stranger@example.com', name: 'Alex', language: 'it' });
    await runJobs(h);
    assert.equal(publicReply('5180'), undefined);
    assert.deepEqual(tagsSent(toTicket('5180')), [['herald-wismo', 'herald-needs-agent']]);
    const note = comment(toTicket('5180').find((r) => r.path === '/api/v2/tickets/5180.json')!).body;
    assert.match(note, /Needs an agent: no order found for this ticket\./);
    assert.match(note, /No order found for order 7777, stranger@example\.com\./);
  });

  test('messages written by an agent are ignored', async () => {
    const before = (await h.herald.store.reads.getOrder('default', 'o-en'))!;
    await postTicket(h, { id: '5170', commentId: '9170', subject: 'My jacket', body: 'Hi Emma, where is my order? is what you asked: it is on its way.', email: 'emma.brown@example.com', name: 'Emma Brown', language: 'en', role: 'Agent' });
    await runJobs(h);
    assert.deepEqual(toTicket('5170'), []);
    const afterwards = (await h.herald.store.reads.getOrder('default', 'o-en'))!;
    assert.equal(afterwards.ticketCount, before.ticketCount);
    assert.equal((await ticketLog(h, 'o-en')).length, 1);
  });

  test('a WISMO ticket about a parcel whose stall signal fired gets a note with herald-needs-agent', async () => {
    h.clock.advance(7 * 86_400_000);
    await runJobs(h);
    await postTicket(h, { id: '5190', subject: 'Still waiting', body: 'Hi, where is my order #2009? I am still waiting for it.', email: 'ava@example.com', name: 'Ava', language: 'en' });
    await runJobs(h);
    assert.equal(publicReply('5190'), undefined);
    assert.deepEqual(tagsSent(toTicket('5190')), [['herald-wismo', 'herald-needs-agent']]);
    assert.match(comment(toTicket('5190').find((r) => r.path === '/api/v2/tickets/5190.json')!).body, /parcel 1Z999AA10123456789: no carrier scan since 2026-11-19T08:30:00\.000Z, looks stalled/);
  });
});

function comment(request: ReceivedRequest): { body: string; public: boolean } {
  return ((request.json as { ticket?: { comment?: { body: string; public: boolean } } }).ticket?.comment ?? { body: '', public: false });
}

function tagsSent(requests: readonly ReceivedRequest[]): string[][] {
  return requests.filter((r) => r.path.endsWith('/tags.json')).map((r) => (r.json as { tags: string[] }).tags);
}

async function ticketLog(h: TestHerald, orderRef: string): Promise<WorkflowActivityRecord[]> {
  return (await h.herald.store.reads.listOrderActivity('default', orderRef, 100)).filter((a) => a.workflowId === 'herald:tickets');
}

async function setAnswering(h: TestHerald, ticketAnswering: 'off' | 'tag' | 'answer'): Promise<void> {
  const saved = (await h.herald.store.admin.getStoreSettings('default')) ?? {};
  await h.herald.store.admin.saveStoreSettings('default', { ...saved, ticketAnswering }, isoAt(h.clock.nowMs()));
  h.herald.catalog.invalidate('default');
}

async function post(h: TestHerald, event: Record<string, unknown>): Promise<void> {
  h.clock.advance(1_000);
  const response = await h.request('/v1/events', jsonBody(event));
  assert.equal(response.status, 201, await response.clone().text());
}

async function order(h: TestHerald, orderRef: string, number: string, customer: Record<string, string>): Promise<void> {
  await post(h, { id: `placed-${orderRef}`, type: 'order.placed', occurred_at: '2026-11-16T10:00:00Z', order_ref: orderRef, order: { number, total: '89.00', currency: 'EUR', customer } });
}

async function parcel(h: TestHerald, orderRef: string, carrier: string, trackingNumber: string, state: string, extra: Record<string, unknown>): Promise<void> {
  await post(h, { id: `parcel-${orderRef}`, type: 'shipment.updated', occurred_at: '2026-11-19T08:30:00Z', order_ref: orderRef, shipment: { carrier, tracking_number: trackingNumber, state, ...extra } });
}

/** Signed the way Zendesk signs: base64(HMAC-SHA256(secret, timestamp + body)). */
async function postTicket(h: TestHerald, ticket: TicketInput): Promise<void> {
  h.clock.advance(1_000);
  const at = isoAt(h.clock.nowMs()).replace(/\.\d{3}Z$/, 'Z');
  const body = Buffer.from(
    JSON.stringify({
      event: 'comment.created',
      ticket: { id: ticket.id, ...(ticket.orderRef ? { order_number: ticket.orderRef } : {}), subject: ticket.subject, status: 'open', via: 'Mail', created_at: at, updated_at: at, url: `shop.zendesk.com/agent/tickets/${ticket.id}`, requester: { email: ticket.email, name: ticket.name, language: ticket.language } },
      comment: { id: ticket.commentId ?? `9${ticket.id}`, body: ticket.body, public: true, author_role: ticket.role ?? 'End-user' },
    }),
  );
  const signature = createHmac('sha256', SECRET).update(at).update(body).digest('base64');
  const response = await h.webhook('zendesk', 'default', body, { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': at });
  assert.ok(response.status < 300, `${response.status} ${await response.text()}`);
}

/** Run every job due now, and the ones those schedule for now, until none is left. */
async function runJobs(h: TestHerald): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    const result = await h.herald.fireDue(100);
    if (result.claimed === 0) return;
  }
}
