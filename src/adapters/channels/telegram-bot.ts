// Telegram through the Bot API: POST {base_url}/bot<token>/sendMessage. A bot may only write to a
// chat the customer opened, so customers link a chat by following the deep link
// t.me/<bot>?start=<token>, which arrives here as the message text `/start <token>`. Telegram does
// not sign updates; it echoes the `secret_token` given to setWebhook in a header instead.

import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChannelTransport, InboundMessage, SendOutcome } from '../../core/ports/channel.ts';
import { fetchTransport, isRecord, parseJson, providerCaller, type AnsweredReply, type ProviderCallOptions } from './provider-http.ts';

/** Settings of one Telegram bot. */
export const telegramSettingsSchema = z.object({
  /** From @BotFather: `<bot id>:<secret>`. It sits in every request path, so it is never logged. */
  bot_token: z.string({ error: 'bot_token is required: the token @BotFather gave the bot' }).regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'bot_token must look like 123456789:AA... (the token from @BotFather)'),
  /** Bot API origin; a self-hosted telegram-bot-api server or a test server. */
  base_url: z.url({ protocol: /^https?$/, error: 'base_url must be an http(s) URL' }).default('https://api.telegram.org'),
  /** Passed to setWebhook as `secret_token`. Telegram allows 1-256 of A-Z, a-z, 0-9, _ and -; 16 is our floor so it cannot be guessed. */
  webhook_secret: z
    .string({ error: 'webhook_secret is required: the secret_token given to setWebhook' })
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'webhook_secret must be 16-256 characters of A-Z, a-z, 0-9, _ and -'),
});
export type TelegramSettings = z.infer<typeof telegramSettingsSchema>;

/** Injected dependencies; all default to the real thing. */
export type TelegramTransportOptions = ProviderCallOptions;

/** Deep-link payloads: up to 64 of A-Z, a-z, 0-9, _ and - (Telegram's rule for ?start=). */
const START = /^\/start(?:@[A-Za-z0-9_]+)?\s+([A-Za-z0-9_-]{1,64})\s*$/;
const STOP = /^\/stop(?:@[A-Za-z0-9_]+)?\s*$/i;

/**
 * A transport for one bot; `message.recipient` is the chat id. Not idempotent: sendMessage takes
 * no idempotency key. Provider message ids are `<chat id>:<message id>` because Telegram numbers
 * messages per chat.
 */
export function createTelegramTransport(settings: TelegramSettings, options: TelegramTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  const endpoint = `${settings.base_url.replace(/\/+$/, '')}/bot${settings.bot_token}/sendMessage`;

  return fetchTransport({ provider: 'telegram', channel: 'telegram', idempotent: false }, async (message) => {
    const body = JSON.stringify({ chat_id: message.recipient, text: message.text, link_preview_options: { is_disabled: true } });
    const reply = await call(endpoint, { headers: { 'content-type': 'application/json' }, body, redirect: 'follow' });
    // `detail`, not `reason`: the URL carries the bot token.
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `Telegram Bot API unreachable: ${reply.detail}`, retryAfterMs: null };
    return outcomeOf(reply, message.recipient);
  });
}

function outcomeOf(reply: AnsweredReply, chat: string): SendOutcome {
  const body = parseJson(reply.bodyText);
  const answer = isRecord(body) ? body : {};
  if (reply.status >= 200 && reply.status < 300 && answer['ok'] === true) {
    const result = isRecord(answer['result']) ? answer['result'] : {};
    const chatOf = isRecord(result['chat']) ? result['chat']['id'] : undefined;
    if (typeof result['message_id'] !== 'number') return { kind: 'permanent', reason: `Telegram answered ${reply.status} without result.message_id: check base_url` };
    // The numeric chat id, even when the recipient was an @channel username.
    return { kind: 'sent', providerMessageId: `${typeof chatOf === 'number' ? chatOf : chat}:${result['message_id']}` };
  }
  const status = typeof answer['error_code'] === 'number' ? answer['error_code'] : reply.status;
  const description = typeof answer['description'] === 'string' ? answer['description'] : `HTTP ${reply.status}`;
  const parameters = isRecord(answer['parameters']) ? answer['parameters'] : {};
  if (status === 429) {
    const seconds = parameters['retry_after'];
    return { kind: 'temporary', reason: `Telegram rate limit: ${description}`, retryAfterMs: typeof seconds === 'number' && seconds > 0 ? seconds * 1_000 : null };
  }
  if (status >= 500 || reply.status >= 500) return { kind: 'temporary', reason: `Telegram Bot API error ${status}: ${description}`, retryAfterMs: null };
  if (typeof parameters['migrate_to_chat_id'] === 'number') {
    return { kind: 'permanent', reason: `Telegram ${status}: ${description}: the group became supergroup ${parameters['migrate_to_chat_id']}; update the chat id` };
  }
  if (status === 403) {
    return { kind: 'permanent', reason: `Telegram 403: ${description}: 403 means the customer blocked the bot, left the chat or deleted the account; they must /start it again` };
  }
  if (status === 401 || status === 404) return { kind: 'permanent', reason: `Telegram ${status}: ${description}: the bot token was refused; check bot_token` };
  if (/chat not found/i.test(description)) {
    return { kind: 'permanent', reason: `Telegram ${status}: ${description}: chat ${chat} is unknown to the bot; the customer must open the bot's link first` };
  }
  return { kind: 'permanent', reason: `Telegram ${status}: ${description}` };
}

/** True when the `X-Telegram-Bot-Api-Secret-Token` header equals our `webhook_secret`. */
export function verifyTelegramSecret(header: string | null | undefined, secret: string): boolean {
  if (typeof header !== 'string' || secret === '') return false;
  const given = Buffer.from(header, 'utf8');
  const expected = Buffer.from(secret, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What one update said: a customer's text, and the deep-link token of `/start <token>` if any. */
export interface ParsedTelegramUpdate {
  inbound: InboundMessage | null;
  /** The token of t.me/<bot>?start=<token>: it links this chat to the customer it was issued for. */
  startPayload: string | null;
}

/**
 * Reads a verified update (the parsed JSON body). Only new text messages count; edits, button
 * presses and membership changes yield nothing. `/stop` arrives as an ordinary inbound text for the
 * opt-out handling to act on (see `isTelegramStopCommand`).
 */
export function parseTelegramUpdate(body: unknown): ParsedTelegramUpdate {
  const message = isRecord(body) ? body['message'] : undefined;
  if (!isRecord(message) || typeof message['text'] !== 'string' || message['text'] === '') return { inbound: null, startPayload: null };
  const chat = isRecord(message['chat']) ? message['chat']['id'] : undefined;
  if (typeof chat !== 'number' && typeof chat !== 'string') return { inbound: null, startPayload: null };
  const text = message['text'];
  const id = message['message_id'];
  const inbound: InboundMessage = { channel: 'telegram', from: String(chat), text, providerMessageId: typeof id === 'number' ? `${chat}:${id}` : null };
  return { inbound, startPayload: START.exec(text)?.[1] ?? null };
}

/** True for `/stop` (also `/stop@<bot>`, as Telegram writes commands in groups): the customer opts out. */
export function isTelegramStopCommand(text: string): boolean {
  return STOP.test(text.trim());
}
