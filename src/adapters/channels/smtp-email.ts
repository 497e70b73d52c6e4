// The email channel over plain SMTP (any relay: Postmark, SES, Mailgun, a local Postfix) through a
// pooled nodemailer transport. It translates: an OutgoingMessage becomes a MIME message, the
// server's reply becomes a SendOutcome. SMTP has no idempotency key, so nothing here retries.

import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions } from 'nodemailer';
import { z } from 'zod';
import type { ChannelTransport, OutgoingMessage, SendOutcome } from '../../core/ports/channel.ts';

/** Connection waits, short enough that a dead relay frees the worker instead of holding it. */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** Local parts of addresses nobody reads: customers' replies to them are lost. */
const NO_REPLY_LOCAL_PART = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply)/i;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/**
 * Settings of the `smtp` email provider. Either `url` (`smtp://user:pass@host:587`, or
 * `smtps://` for TLS from the first byte) or `host` with optional `port`, `secure`, `user`,
 * `pass`. `reply_to` must be a monitored inbox; without it replies go to `from_address`, which
 * then must not be a no-reply address. `message_id_domain` defaults to the domain of `from_address`.
 */
export const smtpSettingsSchema = z
  .strictObject({
    url: z.string({ error: 'url must be a string such as smtp://user:pass@smtp.example.com:587' }).optional(),
    host: z.string({ error: 'host must be the SMTP server name, e.g. smtp.example.com' }).min(1, 'host must not be empty').optional(),
    port: z.number({ error: 'port must be a number' }).int('port must be a whole number').min(1, 'port must be between 1 and 65535').max(65535, 'port must be between 1 and 65535').optional(),
    secure: z.boolean({ error: 'secure must be true (TLS from the first byte, usually port 465) or false (STARTTLS, usually 587)' }).optional(),
    user: z.string({ error: 'user must be a string' }).min(1, 'user must not be empty; leave it out for a relay without login').optional(),
    pass: z.string({ error: 'pass must be a string' }).optional(),
    from_address: z.email({
      error: (issue) => (issue.input === undefined ? 'from_address is required: the address customers see the email come from' : 'from_address must be an email address such as orders@shop.example'),
    }),
    from_name: z.string({ error: 'from_name must be a string such as the store name' }).min(1, 'from_name must not be empty').max(100, 'from_name must be at most 100 characters').optional(),
    reply_to: z.email({ error: 'reply_to must be an email address such as support@shop.example' }).optional(),
    message_id_domain: z.string({ error: 'message_id_domain must be a domain name' }).regex(DOMAIN, 'message_id_domain must be a domain name such as mail.shop.example').optional(),
  })
  .superRefine((settings, context) => {
    const problem = (field: string, message: string): void => context.addIssue({ code: 'custom', path: [field], message });
    if (settings.url === undefined && settings.host === undefined) problem('host', 'host or url is required: where Herald hands over email');
    if (settings.url !== undefined && settings.host !== undefined) problem('url', 'url and host are alternatives: give one of them, not both');
    if (settings.url !== undefined) {
      const url = parseUrl(settings.url);
      if (url === null || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) problem('url', 'url must start with smtp:// (STARTTLS) or smtps:// (TLS), e.g. smtp://user:pass@smtp.example.com:587');
      else if (url.hostname === '') problem('url', 'url must name the SMTP server, e.g. smtp://user:pass@smtp.example.com:587');
    }
    if (settings.user !== undefined && settings.pass === undefined) problem('pass', 'pass is required when user is set');
    if (settings.reply_to !== undefined && isNoReply(settings.reply_to)) {
      problem('reply_to', `reply_to '${settings.reply_to}' looks like a no-reply address; customers answer order emails, so give a monitored inbox`);
    }
    if (settings.reply_to === undefined && isNoReply(settings.from_address)) {
      problem('reply_to', `reply_to is required when from_address '${settings.from_address}' is a no-reply address; customers' replies must reach a monitored inbox`);
    }
  });

/** Validated settings of the `smtp` provider. */
export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

/** An email transport over SMTP. `close()` ends the pooled connections. */
export function createSmtpTransport(settings: SmtpSettings): ChannelTransport {
  const mailer = nodemailer.createTransport({
    pool: true,
    ...connectionOf(settings),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // A dropped connection fails the send instead of sending again: whether to risk a duplicate
    // is the dispatcher's decision, and it knows the message may have arrived.
    maxRequeues: 0,
  });
  const domain = settings.message_id_domain ?? settings.from_address.slice(settings.from_address.lastIndexOf('@') + 1);
  return {
    provider: 'smtp',
    channel: 'email',
    idempotent: false,
    async send(message) {
      if (message.channel !== 'email') return { kind: 'permanent', reason: `the smtp provider sends email, not ${message.channel}` };
      const messageId = `<${toMessageIdPart(message.notificationId)}@${domain}>`;
      try {
        const info = await mailer.sendMail(toMail(settings, message, messageId));
        if (info.accepted.length === 0) return { kind: 'permanent', reason: `SMTP server accepted no recipient: ${info.response}` };
        return { kind: 'sent', providerMessageId: messageId };
      } catch (error) {
        return toOutcome(error as NodemailerError);
      }
    },
    close() {
      mailer.close();
      return Promise.resolve();
    },
  };
}

function toMail(settings: SmtpSettings, message: OutgoingMessage, messageId: string): SendMailOptions {
  const headers: Record<string, string> = { 'X-Herald-Notification-Id': message.notificationId };
  const marketing = message.purpose === 'marketing' && message.unsubscribeUrl !== null;
  // RFC 8058: the POST header tells mailbox providers the link unsubscribes in one click.
  if (marketing) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return {
    from: settings.from_name === undefined ? settings.from_address : { name: settings.from_name, address: settings.from_address },
    replyTo: settings.reply_to ?? settings.from_address,
    to: message.recipient,
    subject: message.subject ?? '',
    text: message.text,
    ...(message.html === null ? {} : { html: message.html }),
    messageId,
    headers,
    ...(marketing ? { list: { unsubscribe: message.unsubscribeUrl! } } : {}),
  };
}

function connectionOf(settings: SmtpSettings): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  if (settings.url !== undefined) {
    const url = new URL(settings.url);
    const secure = url.protocol === 'smtps:';
    const user = decodeURIComponent(url.username);
    return {
      host: url.hostname,
      port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
      secure,
      ...(user === '' ? {} : { auth: { user, pass: decodeURIComponent(url.password) } }),
    };
  }
  const port = settings.port ?? (settings.secure === true ? 465 : 587);
  return {
    host: settings.host!,
    port,
    // Port 465 speaks TLS from the first byte; a plain greeting there would hang until timeout.
    secure: settings.secure ?? port === 465,
    ...(settings.user === undefined ? {} : { auth: { user: settings.user, pass: settings.pass ?? '' } }),
  };
}

/** RFC 5321 reply classes: 5xx is final (503 is a session-state slip), 4xx and no reply are not. */
function toOutcome(error: NodemailerError): SendOutcome {
  const recipientError = error.rejectedErrors?.[0];
  const responseCode = error.responseCode ?? recipientError?.responseCode;
  const words = (error.response ?? recipientError?.response ?? error.message).trim();
  if (responseCode !== undefined) {
    const authHint = error.code === 'EAUTH' ? ' (check the smtp user and pass)' : '';
    if (responseCode >= 500 && responseCode !== 503) return { kind: 'permanent', reason: `SMTP server refused: ${words}${authHint}` };
    return { kind: 'temporary', reason: `SMTP server deferred: ${words}${authHint}`, retryAfterMs: null };
  }
  switch (error.code ?? '') {
    case 'EAUTH':
    case 'ENOAUTH':
      return { kind: 'permanent', reason: `SMTP login failed: ${words} (check the smtp user and pass)` };
    case 'EENVELOPE':
    case 'EMAXRECIPIENTS':
    case 'EREQUIRETLS':
    case 'ECONFIG':
      return { kind: 'permanent', reason: `SMTP refused the message: ${words}` };
    default:
      // Connection refused, DNS, TLS, timeouts: the relay may be back in a minute.
      return { kind: 'temporary', reason: `SMTP server unreachable: ${words}${error.code ? ` (${error.code})` : ''}`, retryAfterMs: null };
  }
}

/** Percent-encodes what may not stand in a Message-ID's left part, so distinct ids stay distinct. */
function toMessageIdPart(notificationId: string): string {
  return notificationId.replace(/[^A-Za-z0-9!#$&'*+\-/=?^_`{|}~.]/g, (char) => [...new TextEncoder().encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function isNoReply(address: string): boolean {
  return NO_REPLY_LOCAL_PART.test(address.slice(0, address.lastIndexOf('@')));
}
