// WhatsApp Cloud API transport against a local Graph API stand-in: the request Meta expects (path,
// bearer token, text and template bodies) and every answer mapped to the right outcome.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWhatsAppTransport, whatsappSettingsSchema, type WhatsAppSettings } from '../../src/adapters/channels/whatsapp-cloud.ts';
import { outgoingMessage, startProviderServer, unreachableUrl, type ProviderReply, type ProviderServer, type ReceivedRequest } from './provider-server.ts';

const PHONE_NUMBER_ID = '106540352242922';
const TOKEN = 'EAAGm0PX4ZCpsBAtestTOKENxyz123';
const WAMID = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA';

/** A Graph API error body, shaped like Meta's (v16.0+: no error_subcode). */
function graphError(code: number, message: string, details: string): object {
  return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: 'AbCdEfGh123' } };
}

// The recipient picks the scenario, as a real number would pick its fate at Meta.
const SCENARIOS: Record<string, ProviderReply> = {
  '+15550000131': { status: 400, body: graphError(131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.') },
  '+15550000126': { status: 400, body: graphError(131026, 'Message undeliverable', 'Unable to deliver message.') },
  '+15550000100': { status: 400, body: graphError(100, 'Invalid parameter', 'Parameter name is invalid.') },
  '+15550000429': { status: 400, body: graphError(130429, 'Rate limit hit', 'Message failed to send because there were too many messages sent from this phone number in a short period of time.') },
  '+15550000004': { status: 400, body: graphError(4, 'Application request limit reached', 'Too many calls.') },
  '+15550080007': { status: 400, body: graphError(80007, 'Rate limit issues', 'The WhatsApp Business Account has reached its rate limit.') },
  '+15550131048': { status: 400, body: graphError(131048, 'Spam rate limit hit', 'Too many previous messages were blocked or flagged as spam.') },
  '+15550131056': { status: 400, body: graphError(131056, '(Business Account, Consumer Account) pair rate limit hit', 'Too many messages to the same recipient.') },
  '+15550000002': { status: 503, body: graphError(2, 'Service temporarily unavailable', 'Temporary due to downtime or due to being overloaded.') },
  '+15550000500': { status: 502, body: '<html><body>Bad Gateway</body></html>' },
  '+15550000200': { status: 200, body: { messaging_product: 'whatsapp', contacts: [] } },
};

function graph(request: ReceivedRequest): ProviderReply {
  if (request.method !== 'POST' || request.path !== `/v21.0/${PHONE_NUMBER_ID}/messages`) {
    return { status: 400, body: graphError(100, 'Unsupported post request', 'Object does not exist or does not support this operation.') };
  }
  if (request.headers.authorization !== `Bearer ${TOKEN}`) {
    return { status: 401, body: graphError(190, 'Invalid OAuth access token - Cannot parse access token', 'Malformed access token.') };
  }
  const body = request.json as { messaging_product?: string; to?: string; type?: string };
  if (body.messaging_product !== 'whatsapp' || (body.type !== 'text' && body.type !== 'template')) {
    return { status: 400, body: graphError(100, 'Invalid parameter', 'messaging_product and type are required.') };
  }
  const scenario = SCENARIOS[body.to ?? ''];
  return scenario ?? { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to?.slice(1) }], messages: [{ id: WAMID }] } };
}

let server: ProviderServer;
let settings: WhatsAppSettings;
before(async () => {
  server = await startProviderServer(graph);
  settings = whatsappSettingsSchema.parse({ phone_number_id: PHONE_NUMBER_ID, access_token: TOKEN, base_url: server.baseUrl, app_secret: 'app-secret-1', verify_token: 'herald-verify-1' });
});
after(() => server.close());

describe('WhatsApp Cloud API transport', () => {
  test('free text goes out as a text message without link preview and returns the wamid', async () => {
    const transport = createWhatsAppTransport(settings);
    assert.deepEqual([transport.provider, transport.channel, transport.idempotent], ['whatsapp-cloud', 'whatsapp', false]);
    const outcome = await transport.send(outgoingMessage({ recipient: '+15551234567' }));
    assert.deepEqual(outcome, { kind: 'sent', providerMessageId: WAMID });
    assert.deepEqual(server.requests.at(-1)!.json, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15551234567',
      type: 'text',
      text: { body: 'Your order #1042 is out for delivery today.', preview_url: false },
    });
    assert.equal(server.requests.at(-1)!.headers['content-type'], 'application/json');
  });

  test('a template message carries its name, language and positional body parameters', async () => {
    const template = { name: 'order_out_for_delivery', language: 'en_US', parameters: ['Asha', '#1042'] };
    const outcome = await createWhatsAppTransport(settings).send(outgoingMessage({ template }));
    assert.equal(outcome.kind, 'sent');
    assert.deepEqual((server.requests.at(-1)!.json as { template: unknown }).template, {
      name: 'order_out_for_delivery',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Asha' }, { type: 'text', text: '#1042' }] }],
    });
    assert.equal((server.requests.at(-1)!.json as { type: string }).type, 'template');
  });

  test('a template without variables is sent without a components list', async () => {
    await createWhatsAppTransport(settings).send(outgoingMessage({ template: { name: 'hello_world', language: 'en_US', parameters: [] } }));
    assert.deepEqual((server.requests.at(-1)!.json as { template: unknown }).template, { name: 'hello_world', language: { code: 'en_US' } });
  });

  for (const [recipient, code] of [['+15550000429', 130429], ['+15550000004', 4], ['+15550080007', 80007], ['+15550131048', 131048], ['+15550131056', 131056]] as const) {
    test(`Graph error ${code} is a rate limit: temporary`, async () => {
      const outcome = await createWhatsAppTransport(settings).send(outgoingMessage({ recipient }));
      assert.equal(outcome.kind, 'temporary');
      assert.match(outcome.kind === 'temporary' ? outcome.reason : '', new RegExp(`rate limit: code ${code}`));
    });
  }

  for (const [recipient, code, words] of [
    ['+15550000131', 131047, /re-engagement: more than 24 hours .*approved template.*Re-engagement message/],
    ['+15550000126', 131026, /undeliverable.*Message undeliverable/],
    ['+15550000100', 100, /invalid parameter.*Invalid parameter: Parameter name is invalid/],
  ] as const) {
    test(`Graph error ${code} is permanent, with the code, what to do and Meta's message`, async () => {
      const outcome = await createWhatsAppTransport(settings).send(outgoingMessage({ recipient }));
      assert.equal(outcome.kind, 'permanent');
      const reason = outcome.kind === 'permanent' ? outcome.reason : '';
      assert.match(reason, new RegExp(`code ${code}`));
      assert.match(reason, words);
      assert.match(reason, /fbtrace_id AbCdEfGh123/);
    });
  }

  test('a refused access token (190) is permanent, says to renew it and never echoes the token', async () => {
    const outcome = await createWhatsAppTransport({ ...settings, access_token: 'EAAwrongwrongwrongwrong' }).send(outgoingMessage());
    assert.equal(outcome.kind, 'permanent');
    const reason = outcome.kind === 'permanent' ? outcome.reason : '';
    assert.match(reason, /code 190: access token expired or revoked/);
    assert.doesNotMatch(reason, /EAAwrong/);
  });

  test('a 5xx is temporary, with or without a Graph error body', async () => {
    const transport = createWhatsAppTransport(settings);
    const graphDown = await transport.send(outgoingMessage({ recipient: '+15550000002' }));
    assert.equal(graphDown.kind, 'temporary');
    assert.match(graphDown.kind === 'temporary' ? graphDown.reason : '', /service error: code 2/);
    const gateway = await transport.send(outgoingMessage({ recipient: '+15550000500' }));
    assert.deepEqual(gateway, { kind: 'temporary', reason: 'WhatsApp Cloud API answered 502', retryAfterMs: null });
  });

  test('a 200 without messages[0].id is permanent: the answer is not from the Graph API', async () => {
    const outcome = await createWhatsAppTransport(settings).send(outgoingMessage({ recipient: '+15550000200' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(outcome.kind === 'permanent' ? outcome.reason : '', /without messages\[0\]\.id: check base_url/);
  });

  test('an unreachable API is temporary', async () => {
    const offline = createWhatsAppTransport({ ...settings, base_url: await unreachableUrl() });
    const outcome = await offline.send(outgoingMessage());
    assert.equal(outcome.kind, 'temporary');
    assert.match(outcome.kind === 'temporary' ? outcome.reason : '', /^WhatsApp Cloud API unreachable: fetch failed: .*ECONNREFUSED/);
    await offline.close();
  });

  test('a timeout is temporary and names the limit', async () => {
    const timingOut: typeof fetch = () => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    const outcome = await createWhatsAppTransport(settings, { fetch: timingOut, timeoutMs: 2_500 }).send(outgoingMessage());
    assert.deepEqual(outcome, { kind: 'temporary', reason: 'WhatsApp Cloud API unreachable: no answer within 2500 ms', retryAfterMs: null });
  });
});

describe('WhatsApp settings', () => {
  const valid = { phone_number_id: PHONE_NUMBER_ID, access_token: TOKEN, app_secret: 's', verify_token: 'herald-verify-1' };

  test('defaults the Graph origin and version', () => {
    const parsed = whatsappSettingsSchema.parse(valid);
    assert.equal(parsed.base_url, 'https://graph.facebook.com');
    assert.match(parsed.api_version, /^v\d+\.\d+$/);
  });

  for (const [field, value, words] of [
    ['phone_number_id', '+1 555 123 4567', /phone_number_id must be the numeric Phone number ID/],
    ['phone_number_id', undefined, /phone_number_id is required/],
    ['access_token', 'short', /access_token is too short/],
    ['base_url', 'ftp://graph.facebook.com', /base_url must be an http\(s\) URL/],
    ['api_version', '21', /api_version must look like v21\.0/],
    ['app_secret', undefined, /app_secret is required/],
    ['verify_token', 'abc', /verify_token must be at least 8 characters/],
  ] as const) {
    test(`refuses ${field}=${String(value)} and names the field`, () => {
      const result = whatsappSettingsSchema.safeParse({ ...valid, [field]: value });
      assert.equal(result.success, false);
      const issue = result.error!.issues[0]!;
      assert.deepEqual(issue.path, [field]);
      assert.match(issue.message, words);
    });
  }
});
