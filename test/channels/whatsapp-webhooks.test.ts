// WhatsApp webhooks: the X-Hub-Signature-256 check over raw bytes, the subscribe handshake, and
// receipts and customer messages read from payloads shaped like Meta's documented examples.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { answerWhatsAppChallenge, parseWhatsAppWebhook, verifyWhatsAppSignature } from '../../src/adapters/channels/whatsapp-webhooks.ts';

const APP_SECRET = '6f1c2b9e0d3a4c5b8e7f9a0b1c2d3e4f';
const WAMID = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA';

function sign(body: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

// Meta escapes non-ASCII in its bodies; the signature covers these exact bytes.
const INBOUND_RAW = Buffer.from(
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sof\\u00eda"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI0NkE4NjM1QTU2NjVGOURGQgA=","timestamp":"1750857384","text":{"body":"\\u00bfD\\u00f3nde est\\u00e1 mi pedido?"},"type":"text"}]},"field":"messages"}]}]}',
  'utf8',
);

function statusWebhook(statuses: object[]): object {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, statuses }, field: 'messages' }] }],
  };
}

describe('X-Hub-Signature-256', () => {
  test('accepts the published example: HMAC-SHA256("test", key "secret")', () => {
    assert.equal(verifyWhatsAppSignature('secret', 'test', 'sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914'), true);
  });

  test('accepts the signature of the exact bytes Meta sent, escapes and all', () => {
    assert.equal(verifyWhatsAppSignature(APP_SECRET, INBOUND_RAW, sign(INBOUND_RAW)), true);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, new Uint8Array(INBOUND_RAW), sign(INBOUND_RAW).toUpperCase().replace('SHA256=', 'sha256=')), true);
  });

  test('refuses re-serialised JSON, one changed byte, another secret, a missing or malformed header', () => {
    const header = sign(INBOUND_RAW);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, JSON.stringify(JSON.parse(INBOUND_RAW.toString('utf8'))), header), false);
    const tampered = Buffer.from(INBOUND_RAW);
    const at = tampered.length - 10;
    tampered[at] = tampered[at]! ^ 1;
    assert.equal(verifyWhatsAppSignature(APP_SECRET, tampered, header), false);
    assert.equal(verifyWhatsAppSignature('another-app-secret', INBOUND_RAW, header), false);
    assert.equal(verifyWhatsAppSignature('', INBOUND_RAW, sign(INBOUND_RAW, '')), false);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, INBOUND_RAW, undefined), false);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, INBOUND_RAW, header.slice('sha256='.length)), false);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, INBOUND_RAW, `sha1=${createHmac('sha1', APP_SECRET).update(INBOUND_RAW).digest('hex')}`), false);
    assert.equal(verifyWhatsAppSignature(APP_SECRET, INBOUND_RAW, header.slice(0, -2)), false);
  });
});

describe('subscribe handshake', () => {
  const VERIFY = 'herald-verify-7Qx2';

  test('answers a subscribe call carrying our verify token with the challenge', () => {
    assert.equal(answerWhatsAppChallenge({ mode: 'subscribe', token: VERIFY, challenge: '1158201444' }, VERIFY), '1158201444');
  });

  test('refuses another token, another mode, a missing challenge or an unset verify token', () => {
    assert.equal(answerWhatsAppChallenge({ mode: 'subscribe', token: 'guess', challenge: '1158201444' }, VERIFY), null);
    assert.equal(answerWhatsAppChallenge({ mode: 'unsubscribe', token: VERIFY, challenge: '1158201444' }, VERIFY), null);
    assert.equal(answerWhatsAppChallenge({ mode: 'subscribe', token: VERIFY, challenge: null }, VERIFY), null);
    assert.equal(answerWhatsAppChallenge({ mode: 'subscribe', token: '', challenge: '1' }, ''), null);
  });
});

describe('parseWhatsAppWebhook', () => {
  test('a customer text becomes an inbound message from the E.164 number', () => {
    assert.deepEqual(parseWhatsAppWebhook(JSON.parse(INBOUND_RAW.toString('utf8'))), {
      receipts: [],
      inbound: [{ channel: 'whatsapp', from: '+16505551234', text: '¿Dónde está mi pedido?', providerMessageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUI0NkE4NjM1QTU2NjVGOURGQgA=' }],
    });
  });

  test('sent, delivered and read become receipts (read is opened) with the time Meta gives', () => {
    const common = { id: WAMID, recipient_id: '16505551234', pricing: { billable: true, pricing_model: 'CBP', category: 'utility' } };
    const parsed = parseWhatsAppWebhook(
      statusWebhook([
        { ...common, status: 'sent', timestamp: '1750857384', conversation: { id: 'a75d17ad06104c51166f948319b03c6a', expiration_timestamp: '1750943820', origin: { type: 'utility' } } },
        { ...common, status: 'delivered', timestamp: '1750857386' },
        { ...common, status: 'read', timestamp: '1750857400' },
      ]),
    );
    assert.deepEqual(parsed.inbound, []);
    assert.deepEqual(parsed.receipts, [
      { providerMessageId: WAMID, status: 'sent', at: '2025-06-25T13:16:24.000Z', reason: null },
      { providerMessageId: WAMID, status: 'delivered', at: '2025-06-25T13:16:26.000Z', reason: null },
      { providerMessageId: WAMID, status: 'opened', at: '2025-06-25T13:16:40.000Z', reason: null },
    ]);
  });

  test('a failed status carries the first error: code, title and details', () => {
    const failed = {
      id: WAMID,
      status: 'failed',
      timestamp: '1750857384',
      recipient_id: '16505551234',
      errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' }, href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/' }],
    };
    assert.deepEqual(parseWhatsAppWebhook(statusWebhook([failed])).receipts, [
      { providerMessageId: WAMID, status: 'failed', at: '2025-06-25T13:16:24.000Z', reason: '131047: Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
    ]);
  });

  test('a template quick-reply button press reads as its label; media, unknown statuses and other objects yield nothing', () => {
    const messages = [
      { from: '16505551234', id: 'wamid.button1', timestamp: '1750857384', type: 'button', context: { from: '15550783881', id: WAMID }, button: { text: 'Stop updates', payload: 'STOP' } },
      { from: '16505551234', id: 'wamid.image1', timestamp: '1750857384', type: 'image', image: { mime_type: 'image/jpeg', id: '2754859441498128' } },
    ];
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages, statuses: [{ id: WAMID, status: 'deleted', timestamp: '1' }] } }] }] };
    assert.deepEqual(parseWhatsAppWebhook(body), { receipts: [], inbound: [{ channel: 'whatsapp', from: '+16505551234', text: 'Stop updates', providerMessageId: 'wamid.button1' }] });
    assert.deepEqual(parseWhatsAppWebhook({ object: 'page', entry: [] }), { receipts: [], inbound: [] });
    assert.deepEqual(parseWhatsAppWebhook('not an object'), { receipts: [], inbound: [] });
    assert.deepEqual(parseWhatsAppWebhook({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'account_update', value: { statuses: [{ id: WAMID, status: 'sent' }] } }] }] }), { receipts: [], inbound: [] });
  });
});
