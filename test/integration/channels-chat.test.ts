// WhatsApp, Telegram, signed webhooks and Slack end to end: a workflow notifies on each, through
// local servers speaking each provider's wire format; WhatsApp needs a WhatsApp opt-in and uses
// its approved template; a Telegram chat is linked by the bot's deep link; the webhook's
// signature verifies with the documented scheme; WhatsApp's signed status webhook marks a read.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createMessageLinks } from '../../src/app/message-links.ts';
import { verifyWebhookSignature } from '../../src/adapters/channels/signed-webhook.ts';
import { startProviderServer, type ProviderServer } from '../channels/provider-server.ts';
import { NEW_YORK, orderEvent, startJourney, type Journey } from '../workflows/journey-support.ts';

const PUBLIC = 'https://herald.test';
const BOT = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WEBHOOK_SECRET = 'whsec_0123456789abcdef';
const APP_SECRET = 'meta-app-secret';

const WORKFLOW = `
id: every-channel
name: Every channel
trigger:
  event: order.placed
steps:
  - notify:
      milestone: confirmed_whatsapp
      channels: [whatsapp]
      message:
        text: "Order {{ order.number }} confirmed"
        whatsapp_template: { name: order_confirmed, language: en_US, parameters: ["{{ customer.first_name }}", "{{ order.number }}"] }
  - notify:
      milestone: confirmed_telegram
      channels: [telegram]
      message: { text: "Order {{ order.number }} confirmed", short: "Order {{ order.number }} is confirmed" }
  - notify:
      milestone: team_alert
      channels: [slack]
      message: { subject: "New order {{ order.number }}", text: "{{ order.number }} from {{ customer.first_name }}" }
  - notify:
      milestone: erp_update
      channels: [webhook]
      message: { text: "order {{ order.number }} placed" }
`;

describe('WhatsApp, Telegram, webhooks and Slack', () => {
  let api: ProviderServer;
  let j: Journey;
  const wamid = 'wamid.HBgLMTIxMjU1NTAxMDAVAgARGBI1';

  before(async () => {
    api = await startProviderServer((request) => {
      if (request.path === '/v21.0/106540352242922/messages') return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '+12125550142', wa_id: '12125550142' }], messages: [{ id: wamid }] } };
      if (request.path === `/bot${BOT}/sendMessage`) return { status: 200, body: { ok: true, result: { message_id: 77, chat: { id: Number((request.json as { chat_id: string }).chat_id) }, date: 1, text: 'x' } } };
      if (request.path === '/slack/T000/B000/XXXX') return { status: 200, body: 'ok' };
      if (request.path === '/erp/herald') return { status: 204 };
      return { status: 404, body: 'no such path' };
    });
    j = await startJourney({ quietHours: null }, { HERALD_PUBLIC_URL: PUBLIC });
    const put = async (channel: string, provider: string, settings: Record<string, unknown>) => {
      const response = await j.t.request(`/v1/channels/${channel}`, { method: 'PUT', body: JSON.stringify({ providers: [{ provider, settings }] }) });
      assert.equal(response.status, 200, await response.text());
    };
    await put('whatsapp', 'whatsapp-cloud', { phone_number_id: '106540352242922', access_token: 'EAAGm0PX4ZCpsBAKZCwfakeTokenForTests0123456789', base_url: api.baseUrl, app_secret: APP_SECRET, verify_token: 'verify-me-please' });
    await put('telegram', 'telegram', { bot_token: BOT, base_url: api.baseUrl, webhook_secret: 'tg_secret_0123456789' });
    await put('slack', 'slack', { url: `${api.baseUrl}/slack/T000/B000/XXXX` });
    await put('webhook', 'webhook', { url: `${api.baseUrl}/erp/herald`, secret: WEBHOOK_SECRET });
    const saved = await j.t.request('/v1/workflows/every-channel', { method: 'PUT', body: WORKFLOW, headers: { 'content-type': 'application/yaml' } });
    assert.equal(saved.status, 201, await saved.text());
  });
  after(async () => {
    await j.close();
    await api.close();
  });

  test('without a WhatsApp opt-in nor a linked chat, only the team channels get it, and the record says why', async () => {
    await j.post(orderEvent('c1', 'order.placed', 'C-1', '2026-12-01T10:00:00Z', { number: '7001', customer: { email: 'kim@example.com', phone: '+12125550142', first_name: 'Kim', accepts_sms: true }, destination: NEW_YORK }));
    await j.drain();
    const all = await j.t.herald.store.reads.listOrderNotifications('default', 'C-1');
    const by = (m: string) => all.find((n) => n.milestone === m)!;
    assert.equal(by('confirmed_whatsapp').status, 'suppressed');
    assert.match(by('confirmed_whatsapp').statusReason ?? '', /no consent to WhatsApp/);
    assert.equal(by('confirmed_telegram').status, 'suppressed');
    assert.match(by('confirmed_telegram').statusReason ?? '', /no Telegram chat linked/);
    assert.equal(by('team_alert').status, 'sent');
    assert.equal(by('erp_update').status, 'sent');

    const slack = api.requests.find((r) => r.path.startsWith('/slack/'))!;
    const blocks = JSON.stringify((slack.json as { blocks: unknown[] }).blocks);
    assert.match(blocks, /New order 7001/);
    const hook = api.requests.find((r) => r.path === '/erp/herald')!;
    assert.equal(hook.headers['herald-delivery-id'], by('erp_update').id);
    const check = verifyWebhookSignature(WEBHOOK_SECRET, String(hook.headers['herald-signature']), hook.body, j.t.clock.nowMs());
    assert.deepEqual(check, { ok: true });
    const recomputed = /t=(\d+),v1=([0-9a-f]+)/.exec(String(hook.headers['herald-signature']))!;
    assert.equal(createHmac('sha256', WEBHOOK_SECRET).update(`${recomputed[1]}.${hook.body.toString()}`).digest('hex'), recomputed[2], 'the documented scheme: HMAC-SHA256 of "<t>.<body>"');
  });

  test('with a WhatsApp opt-in and a chat linked by the deep link, both customer channels deliver', async () => {
    const granted = await j.t.request('/v1/consents', { method: 'POST', body: JSON.stringify({ channel: 'whatsapp', address: '+1 212 555 0143', status: 'granted', source: 'storefront', proof: 'checkout checkbox' }) });
    assert.equal(granted.status, 201, await granted.text());
    // The customer opens t.me/<bot>?start=<token>; the token was made for an earlier order of
    // theirs (a run starts with its event, so the chat must be linked before the order it serves).
    const lee = { email: 'lee@example.com', phone: '+12125550143', first_name: 'Lee' };
    // (Without the phone: its WhatsApp confirmation is not sent, so the one read receipt below is C-2's.)
    await j.post(orderEvent('c2-earlier', 'order.placed', 'C-2-earlier', '2026-12-01T10:00:00Z', { number: '7000', customer: { email: lee.email, first_name: lee.first_name }, destination: NEW_YORK }));
    const token = createMessageLinks(PUBLIC, j.t.herald.linkSecret).chatToken('default', 'C-2-earlier')!;
    const update = (body: unknown, secret = 'tg_secret_0123456789') =>
      j.t.request('/hooks/channels/default/telegram/telegram', { key: null, method: 'POST', body: JSON.stringify(body), headers: { 'x-telegram-bot-api-secret-token': secret } });
    const start = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5551234, type: 'private' }, text: `/start ${token}` } };
    assert.equal((await update(start, 'wrong-secret-0000000')).status, 403, 'an update without our secret is refused');
    assert.equal((await update({ ...start, message: { ...start.message, text: '/start forgedtoken0000000000' } })).status, 200);
    assert.equal(((await (await j.t.request('/v1/consents?address=lee@example.com')).json()) as { consents: unknown[] }).consents.length, 0, 'a forged token links nothing');
    assert.equal((await update(start)).status, 200);
    await j.post(orderEvent('c2', 'order.placed', 'C-2', '2026-12-01T11:00:00Z', { number: '7002', customer: lee, destination: NEW_YORK }));
    await j.drain();

    const all = await j.t.herald.store.reads.listOrderNotifications('default', 'C-2');
    const wa = all.find((n) => n.milestone === 'confirmed_whatsapp')!;
    assert.equal(wa.status, 'sent', wa.statusReason ?? '');
    assert.equal(wa.providerMessageId, wamid);
    const waCall = api.requests.find((r) => r.path.endsWith('/messages') && JSON.stringify(r.json).includes('+12125550143') && JSON.stringify(r.json).includes('7002'))!;
    assert.equal(waCall.headers['authorization'], 'Bearer EAAGm0PX4ZCpsBAKZCwfakeTokenForTests0123456789');
    assert.deepEqual((waCall.json as { type: string; template: unknown }).template, { name: 'order_confirmed', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Lee' }, { type: 'text', text: '7002' }] }] });
    const tg = all.find((n) => n.milestone === 'confirmed_telegram')!;
    assert.equal(tg.status, 'sent', tg.statusReason ?? '');
    assert.equal(tg.recipient, '5551234');
    const tgCall = api.requests.find((r) => r.path.endsWith('/sendMessage'))!;
    assert.equal((tgCall.json as { chat_id: string; text: string }).text, 'Order 7002 is confirmed');

    // Meta reports the read, signed with the app secret.
    const status = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', statuses: [{ id: wamid, status: 'read', timestamp: '1796205600', recipient_id: '12125550143' }] } }] }] });
    const sign = (body: string) => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
    const hook = (body: string, signature: string) => j.t.request('/hooks/channels/default/whatsapp/whatsapp-cloud', { key: null, method: 'POST', body, headers: { 'x-hub-signature-256': signature } });
    assert.equal((await hook(status, sign(status.replace('read', 'sent')))).status, 403);
    assert.equal((await hook(status, sign(status))).status, 200);
    assert.equal((await j.t.herald.store.reads.getNotification('default', wa.id))!.status, 'opened');
    const challenge = await j.t.request('/hooks/channels/default/whatsapp/whatsapp-cloud?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444', { key: null });
    assert.equal(await challenge.text(), '1158201444');
  });

  test('/stop in the chat opts it out', async () => {
    const stop = { update_id: 2, message: { message_id: 2, date: 2, chat: { id: 5551234, type: 'private' }, text: '/stop' } };
    const response = await j.t.request('/hooks/channels/default/telegram/telegram', { key: null, method: 'POST', body: JSON.stringify(stop), headers: { 'x-telegram-bot-api-secret-token': 'tg_secret_0123456789' } });
    assert.equal(response.status, 200);
    const consents = (await (await j.t.request('/v1/consents?address=5551234')).json()) as { consents: { channel: string; status: string }[] };
    assert.ok(consents.consents.length > 0 && consents.consents.every((c) => c.channel === 'telegram' && c.status === 'revoked'), JSON.stringify(consents));
  });
});
