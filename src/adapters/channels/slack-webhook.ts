// Internal alerts to a team's Slack channel through an incoming webhook (or a Slack-compatible
// server: Mattermost, Rocket.Chat). Slack answers 200 with the body `ok`, and failures with a status
// and one short word in the body (invalid_payload, no_service, channel_is_archived); that word says
// what to fix, so it goes into the reason. The webhook URL is itself the credential.

import { z } from 'zod';
import type { ChannelTransport, OutgoingMessage } from '../../core/ports/channel.ts';
import { fetchTransport, outcomeOfReply, providerCaller, type ProviderCallOptions } from './provider-http.ts';

/** Settings of one incoming webhook. */
export const slackSettingsSchema = z.object({
  /** https://hooks.slack.com/services/...; any http(s) URL for self-hosted compatibles. Secret. */
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL: the incoming webhook URL, https://hooks.slack.com/services/...' }),
});
export type SlackSettings = z.infer<typeof slackSettingsSchema>;

/** Injected dependencies; all default to the real thing (the clock dates Retry-After). */
export type SlackTransportOptions = ProviderCallOptions;

/** Block Kit limits: header text, section text, context elements. */
const HEADER_MAX_CHARS = 150;
const SECTION_MAX_CHARS = 3_000;
const CONTEXT_MAX_ELEMENTS = 10;

/** What to do about Slack's documented error words. */
const HINTS: ReadonlyMap<string, string> = new Map([
  ['invalid_payload', 'Slack could not read the message; report it as a Herald bug'],
  ['no_service', 'the webhook was removed or disabled; create a new one and update url'],
  ['no_team', 'the workspace of this webhook is gone; create a new webhook'],
  ['invalid_token', 'the webhook URL is no longer valid; create a new one and update url'],
  ['channel_not_found', 'the channel of this webhook no longer exists'],
  ['channel_is_archived', 'the channel was archived; unarchive it or point a new webhook elsewhere'],
  ['action_prohibited', 'a workspace admin restricts posting here'],
  ['posting_to_general_channel_denied', 'only admins may post to this channel'],
]);

/**
 * A transport posting alerts to one Slack channel; `message.recipient` is not used (the webhook
 * fixes the channel). Not idempotent and no message id: incoming webhooks return neither.
 */
export function createSlackTransport(settings: SlackSettings, options: SlackTransportOptions = {}): ChannelTransport {
  const call = providerCaller(options);
  // The path is the secret; reasons name only the host.
  const where = new URL(settings.url).host;

  return fetchTransport({ provider: 'slack', channel: 'slack', idempotent: false }, async (message) => {
    const reply = await call(settings.url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackPayload(message)), redirect: 'follow' });
    if (reply.kind === 'unreachable') return { kind: 'temporary', reason: `Slack webhook ${where} unreachable: ${reply.detail}`, retryAfterMs: null };
    const text = reply.bodyText.trim().slice(0, 200);
    const said = text === '' ? `${reply.status}` : `${reply.status} ${text}`;
    const hint = HINTS.get(text);
    return outcomeOfReply(reply, call.nowMs(), {
      providerMessageId: null,
      rateLimited: `Slack rate limit (${said})`,
      unavailable: `Slack webhook ${where} answered ${said}`,
      error: `Slack refused the alert (${said})${hint === undefined ? '' : `: ${hint}`}`,
    });
  });
}

/** `text` is the notification and fallback; the blocks lay out subject, text and metadata. */
function slackPayload(message: OutgoingMessage): { text: string; blocks: Record<string, unknown>[] } {
  const blocks: Record<string, unknown>[] = [];
  if (message.subject !== null && message.subject.trim() !== '') {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(message.subject, HEADER_MAX_CHARS), emoji: true } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(message.text), SECTION_MAX_CHARS) } });
  const facts = Object.entries(message.metadata).slice(0, CONTEXT_MAX_ELEMENTS);
  if (facts.length > 0) {
    blocks.push({ type: 'context', elements: facts.map(([key, value]) => ({ type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(key)}:* ${escapeMrkdwn(value)}`, SECTION_MAX_CHARS) })) });
  }
  const fallback = message.subject === null || message.subject.trim() === '' ? message.text : `${message.subject}\n${message.text}`;
  return { text: truncate(fallback, SECTION_MAX_CHARS), blocks };
}

/** Slack's three control characters in mrkdwn; everything else is shown as written. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
