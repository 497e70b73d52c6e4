// Telegram Bot API transport against a local stand-in answering like api.telegram.org
// ({ok, result} or {ok:false, error_code, description, parameters}), the webhook secret header,
// and updates: customer texts, /start deep-link payloads and /stop.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTelegramTransport,
  isTelegramStopCommand,
  parseTelegramUpdate,
  telegramSettingsSchema,
  verifyTelegramSecret,
  type TelegramSettings,
} from '../../src/adapters/channels/telegram-bot.ts';
import { outgoingMessage, startProviderServer, unreachableUrl, type ProviderReply, type ProviderServer, type ReceivedRequest } from './provider-server.ts';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'herald_tg_secret_5f3c9a7e';

function failure(code: number, description: string, parameters?: object): ProviderReply {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

// The chat id picks the scenario.
const SCENARIOS: Record<string, ProviderReply> = {
  '429': failure(429, 'Too Many Requests: retry after 7', { retry_after: 7 }),
  '400': failure(400, 'Bad Request: chat not found'),
  '403': failure(403, 'Forbidden: bot was blocked by the user'),
  '-100': failure(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234567890 }),
  '502': { status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>' },
  '500': failure(500, 'Internal Server Error: restart'),
};

function botApi(request: ReceivedRequest): ProviderReply {
  // Telegram answers a wrong token with 401 Unauthorized and an unknown method with 404 Not Found.
  if (!request.path.startsWith(`/bot${TOKEN}/`)) return failure(401, 'Unauthorized');
  if (request.method !== 'POST' || request.path !== `/bot${TOKEN}/sendMessage`) return failure(404, 'Not Found');
  const body = request.json as { chat_id?: string; text?: string };
  if (typeof body.chat_id !== 'string' || typeof body.text !== 'string' || body.text === '') return failure(400, 'Bad Request: message text is empty');
  const scenario = SCENARIOS[body.chat_id];
  if (scenario) return scenario;
  const chatId = Number(body.chat_id);
  return { status: 200, body: { ok: true, result: { message_id: 4711, from: { id: 7012345678, is_bot: true, first_name: 'Herald' }, chat: { id: chatId, first_name: 'Asha', type: 'private' }, date: 1763647380, text: body.text } } };
}

let server: ProviderServer;
let settings: TelegramSettings;
before(async () => {
  server = await startProviderServer(botApi);
  settings = telegramSettingsSchema.parse({ bot_token: TOKEN, base_url: server.baseUrl, webhook_secret: SECRET });
});
after(() => server.close());

function reasonOf(outcome: { kind: string; reason?: string }): string {
  return outcome.reason ?? '';
}

describe('Telegram transport', () => {
  test('sends the text to the chat without a link preview; the id is unique across chats', async () => {
    const transport = createTelegramTransport(settings);
    assert.deepEqual([transport.provider, transport.channel, transport.idempotent], ['telegram', 'telegram', false]);
    const outcome = await transport.send(outgoingMessage({ channel: 'telegram', recipient: '123456789' }));
    assert.deepEqual(outcome, { kind: 'sent', providerMessageId: '123456789:4711' });
    assert.deepEqual(server.requests.at(-1)!.json, { chat_id: '123456789', text: 'Your order #1042 is out for delivery today.', link_preview_options: { is_disabled: true } });
  });

  test('429 is temporary after Telegram\'s retry_after', async () => {
    const outcome = await createTelegramTransport(settings).send(outgoingMessage({ recipient: '429' }));
    assert.deepEqual(outcome, { kind: 'temporary', reason: 'Telegram rate limit: Too Many Requests: retry after 7', retryAfterMs: 7_000 });
  });

  test('400 chat not found is permanent: the customer has not opened the bot', async () => {
    const outcome = await createTelegramTransport(settings).send(outgoingMessage({ recipient: '400' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(reasonOf(outcome), /Telegram 400: Bad Request: chat not found: chat 400 is unknown to the bot/);
  });

  test('403 bot was blocked is permanent and says the customer blocked the bot', async () => {
    const outcome = await createTelegramTransport(settings).send(outgoingMessage({ recipient: '403' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(reasonOf(outcome), /Forbidden: bot was blocked by the user: 403 means the customer blocked the bot/);
  });

  test('a group that became a supergroup is permanent and names the new chat id', async () => {
    const outcome = await createTelegramTransport(settings).send(outgoingMessage({ recipient: '-100' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(reasonOf(outcome), /supergroup -1001234567890; update the chat id/);
  });

  test('a refused bot token is permanent and the token stays out of the reason', async () => {
    const outcome = await createTelegramTransport({ ...settings, bot_token: '7012345678:AAwrongwrongwrongwrongwrongwrong' }).send(outgoingMessage({ recipient: '1' }));
    assert.equal(outcome.kind, 'permanent');
    assert.match(reasonOf(outcome), /Telegram 401: Unauthorized: the bot token was refused; check bot_token/);
    assert.doesNotMatch(reasonOf(outcome), /AAwrong/);
  });

  test('5xx is temporary, JSON or not', async () => {
    const transport = createTelegramTransport(settings);
    assert.deepEqual(await transport.send(outgoingMessage({ recipient: '500' })), { kind: 'temporary', reason: 'Telegram Bot API error 500: Internal Server Error: restart', retryAfterMs: null });
    assert.deepEqual(await transport.send(outgoingMessage({ recipient: '502' })), { kind: 'temporary', reason: 'Telegram Bot API error 502: HTTP 502', retryAfterMs: null });
  });

  test('an unreachable Bot API is temporary and the reason does not carry the token', async () => {
    const outcome = await createTelegramTransport({ ...settings, base_url: await unreachableUrl() }).send(outgoingMessage({ recipient: '1' }));
    assert.equal(outcome.kind, 'temporary');
    assert.match(reasonOf(outcome), /^Telegram Bot API unreachable: fetch failed/);
    assert.doesNotMatch(reasonOf(outcome), /AAHdq/);
  });
});

describe('Telegram webhook secret', () => {
  test('accepts the exact secret only', () => {
    assert.equal(verifyTelegramSecret(SECRET, SECRET), true);
    assert.equal(verifyTelegramSecret(`${SECRET}x`, SECRET), false);
    assert.equal(verifyTelegramSecret(SECRET.toUpperCase(), SECRET), false);
    assert.equal(verifyTelegramSecret(undefined, SECRET), false);
    assert.equal(verifyTelegramSecret('', ''), false);
  });
});

describe('parseTelegramUpdate', () => {
  function update(text: string, chatId = 123456789): object {
    return {
      update_id: 10000,
      message: {
        message_id: 1365,
        from: { id: chatId, is_bot: false, first_name: 'Asha', language_code: 'en' },
        chat: { id: chatId, first_name: 'Asha', type: 'private' },
        date: 1763647380,
        text,
        entities: text.startsWith('/') ? [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] : undefined,
      },
    };
  }

  test('a deep-link /start carries the linking token', () => {
    assert.deepEqual(parseTelegramUpdate(update('/start lnk_Q2h4x-9aZ')), {
      inbound: { channel: 'telegram', from: '123456789', text: '/start lnk_Q2h4x-9aZ', providerMessageId: '123456789:1365' },
      startPayload: 'lnk_Q2h4x-9aZ',
    });
    assert.equal(parseTelegramUpdate(update('/start@HeraldBot lnk_abc')).startPayload, 'lnk_abc');
  });

  test('a bare /start, a payload with other characters or over 64 long, and plain text carry no token', () => {
    assert.equal(parseTelegramUpdate(update('/start')).startPayload, null);
    assert.equal(parseTelegramUpdate(update('/start a.b')).startPayload, null);
    assert.equal(parseTelegramUpdate(update(`/start ${'a'.repeat(65)}`)).startPayload, null);
    assert.equal(parseTelegramUpdate(update('where is my parcel?')).startPayload, null);
  });

  test('a customer text is inbound; /stop is an opt-out text', () => {
    const { inbound } = parseTelegramUpdate(update('/stop', -987654321));
    assert.deepEqual(inbound, { channel: 'telegram', from: '-987654321', text: '/stop', providerMessageId: '-987654321:1365' });
    assert.equal(isTelegramStopCommand(inbound!.text), true);
    assert.equal(isTelegramStopCommand('/stop@HeraldBot'), true);
    assert.equal(isTelegramStopCommand('/stopwatch'), false);
  });

  test('edits, callbacks, stickers and junk yield nothing', () => {
    const empty = { inbound: null, startPayload: null };
    assert.deepEqual(parseTelegramUpdate({ update_id: 1, edited_message: (update('hi') as { message: object }).message }), empty);
    assert.deepEqual(parseTelegramUpdate({ update_id: 2, callback_query: { id: '1', data: 'x' } }), empty);
    assert.deepEqual(parseTelegramUpdate({ update_id: 3, message: { message_id: 1, chat: { id: 1, type: 'private' }, sticker: { file_id: 'x' } } }), empty);
    assert.deepEqual(parseTelegramUpdate(null), empty);
  });
});

describe('Telegram settings', () => {
  test('defaults base_url to api.telegram.org', () => {
    assert.equal(telegramSettingsSchema.parse({ bot_token: TOKEN, webhook_secret: SECRET }).base_url, 'https://api.telegram.org');
  });

  for (const [field, value, words] of [
    ['bot_token', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', /bot_token must look like/],
    ['bot_token', undefined, /bot_token is required/],
    ['webhook_secret', 'short', /webhook_secret must be 16-256 characters/],
    ['webhook_secret', 'has spaces in it, sixteen+', /webhook_secret must be 16-256 characters/],
    ['base_url', 'not a url', /base_url must be an http\(s\) URL/],
  ] as const) {
    test(`refuses ${field}=${String(value)} and names the field`, () => {
      const result = telegramSettingsSchema.safeParse({ bot_token: TOKEN, webhook_secret: SECRET, [field]: value });
      assert.equal(result.success, false);
      assert.deepEqual(result.error!.issues[0]!.path, [field]);
      assert.match(result.error!.issues[0]!.message, words);
    });
  }
});
