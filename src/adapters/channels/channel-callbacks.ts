// Providers' calls to Herald, read per provider: verify the signature over the exact bytes and
// URL with the secret from the store's provider config, then parse receipts, inbound messages and
// deep-link tokens. Unknown shapes are answered, not refused: providers retry refusals for days.

import type { CallbackRequest, CallbackResult } from '../../core/ports/channel.ts';
import { answerWhatsAppChallenge, parseWhatsAppWebhook, verifyWhatsAppSignature } from './whatsapp-webhooks.ts';
import { parseTelegramUpdate, verifyTelegramSecret } from './telegram-bot.ts';
import { parseTwilioInbound, parseTwilioStatusCallback, verifyTwilioSignature } from './twilio-webhooks.ts';

export function readChannelCallback(provider: string, settings: Readonly<Record<string, unknown>>, request: CallbackRequest): CallbackResult {
  switch (provider) {
    case 'twilio':
      return readTwilio(settings, request);
    case 'whatsapp-cloud':
      return readWhatsApp(settings, request);
    case 'telegram':
      return readTelegram(settings, request);
    default:
      return { kind: 'rejected', status: 404, reason: `the ${provider} provider sends no callbacks to Herald` };
  }
}

export function replyToProvider(provider: string, text: string | null): { contentType: string; body: string } {
  if (provider === 'twilio') {
    const message = text === null ? '' : `<Message>${escapeXml(text)}</Message>`;
    return { contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="UTF-8"?><Response>${message}</Response>` };
  }
  return { contentType: 'application/json', body: '{"ok":true}' };
}

function readTwilio(settings: Readonly<Record<string, unknown>>, request: CallbackRequest): CallbackResult {
  if (request.method !== 'POST') return { kind: 'rejected', status: 405, reason: 'Twilio callbacks are POSTs' };
  const params = Object.fromEntries(new URLSearchParams(Buffer.from(request.rawBody).toString('utf8')));
  if (!verifyTwilioSignature(String(settings['auth_token'] ?? ''), request.url, params, header(request, 'x-twilio-signature'))) {
    return { kind: 'rejected', status: 403, reason: 'X-Twilio-Signature does not match: check the auth_token of this store\'s twilio provider and that HERALD_PUBLIC_URL is the URL Twilio calls' };
  }
  const receipt = parseTwilioStatusCallback(params);
  const inbound = receipt ? null : parseTwilioInbound(params);
  return { kind: 'feedback', receipts: receipt ? [receipt] : [], inbound: inbound ? [inbound] : [], links: [] };
}

function readWhatsApp(settings: Readonly<Record<string, unknown>>, request: CallbackRequest): CallbackResult {
  const url = new URL(request.url);
  if (request.method === 'GET') {
    const answer = answerWhatsAppChallenge({ mode: url.searchParams.get('hub.mode'), token: url.searchParams.get('hub.verify_token'), challenge: url.searchParams.get('hub.challenge') }, String(settings['verify_token'] ?? ''));
    return answer === null ? { kind: 'rejected', status: 403, reason: 'hub.verify_token does not match the verify_token of this store\'s whatsapp-cloud provider' } : { kind: 'challenge', body: answer };
  }
  if (!verifyWhatsAppSignature(String(settings['app_secret'] ?? ''), request.rawBody, header(request, 'x-hub-signature-256'))) {
    return { kind: 'rejected', status: 403, reason: 'X-Hub-Signature-256 does not match: check the app_secret of this store\'s whatsapp-cloud provider' };
  }
  const body = parseJson(request.rawBody);
  if (body === undefined) return { kind: 'rejected', status: 400, reason: 'the body is not JSON' };
  const parsed = parseWhatsAppWebhook(body);
  return { kind: 'feedback', receipts: parsed.receipts, inbound: parsed.inbound, links: [] };
}

function readTelegram(settings: Readonly<Record<string, unknown>>, request: CallbackRequest): CallbackResult {
  if (request.method !== 'POST') return { kind: 'rejected', status: 405, reason: 'Telegram updates are POSTs' };
  if (!verifyTelegramSecret(header(request, 'x-telegram-bot-api-secret-token'), String(settings['webhook_secret'] ?? ''))) {
    return { kind: 'rejected', status: 403, reason: 'X-Telegram-Bot-Api-Secret-Token does not match the webhook_secret of this store\'s telegram provider' };
  }
  const body = parseJson(request.rawBody);
  if (body === undefined) return { kind: 'rejected', status: 400, reason: 'the body is not JSON' };
  const update = parseTelegramUpdate(body);
  const links = update.inbound && update.startPayload ? [{ chat: update.inbound.from, token: update.startPayload }] : [];
  return { kind: 'feedback', receipts: [], inbound: update.inbound && !update.startPayload ? [update.inbound] : [], links };
}

function header(request: CallbackRequest, name: string): string | undefined {
  const found = Object.entries(request.headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
