// The channel adapters this build has, by provider name: each one's settings schema, which of
// its settings are secrets, and how to make its transport (the ChannelProviders port), plus the
// readers of providers' callbacks (the ChannelCallbacks port). Wired in src/main.ts.

import type { z } from 'zod';
import type { ChannelProviderConfig } from '../../core/notifications/channel-config.ts';
import type { ChannelCallbacks, ChannelProviders, ChannelTransport } from '../../core/ports/channel.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { ChannelName } from '../../core/workflows/workflow-schema.ts';
import { readChannelCallback, replyToProvider } from './channel-callbacks.ts';
import { createHttpSmsTransport, httpSmsSettingsSchema, type HttpSmsSettings } from './http-sms.ts';
import { createOutboxTransport } from './outbox.ts';
import { createWebhookTransport, webhookSettingsSchema, type WebhookSettings } from './signed-webhook.ts';
import { createSlackTransport, slackSettingsSchema, type SlackSettings } from './slack-webhook.ts';
import { createSmtpTransport, smtpSettingsSchema, type SmtpSettings } from './smtp-email.ts';
import { createTelegramTransport, telegramSettingsSchema, type TelegramSettings } from './telegram-bot.ts';
import { createTwilioTransport, twilioSettingsSchema, type TwilioSettings } from './twilio-sms.ts';
import { createWhatsAppTransport, whatsappSettingsSchema, type WhatsAppSettings } from './whatsapp-cloud.ts';
import { z as zod } from 'zod';

interface ProviderSpec {
  channels: readonly ChannelName[];
  schema: z.ZodType;
  secrets: readonly string[];
  create(settings: unknown, clock: Clock): ChannelTransport;
}

const SPECS: Readonly<Record<string, ProviderSpec>> = {
  smtp: { channels: ['email'], schema: smtpSettingsSchema, secrets: ['pass', 'url'], create: (s) => createSmtpTransport(s as SmtpSettings) },
  twilio: { channels: ['sms'], schema: twilioSettingsSchema, secrets: ['auth_token'], create: (s, clock) => createTwilioTransport(s as TwilioSettings, { clock }) },
  'http-sms': { channels: ['sms'], schema: httpSmsSettingsSchema, secrets: ['auth_value'], create: (s, clock) => createHttpSmsTransport(s as HttpSmsSettings, { clock }) },
  'whatsapp-cloud': { channels: ['whatsapp'], schema: whatsappSettingsSchema, secrets: ['access_token', 'app_secret', 'verify_token'], create: (s) => createWhatsAppTransport(s as WhatsAppSettings) },
  telegram: { channels: ['telegram'], schema: telegramSettingsSchema, secrets: ['bot_token', 'webhook_secret'], create: (s) => createTelegramTransport(s as TelegramSettings) },
  webhook: { channels: ['webhook'], schema: webhookSettingsSchema, secrets: ['secret', 'previous_secret'], create: (s, clock) => createWebhookTransport(s as WebhookSettings, { nowMs: () => clock.nowMs() }) },
  slack: { channels: ['slack'], schema: slackSettingsSchema, secrets: ['url'], create: (s) => createSlackTransport(s as SlackSettings) },
  outbox: { channels: ['email', 'sms', 'whatsapp', 'telegram', 'webhook', 'slack', 'outbox'], schema: zod.strictObject({}), secrets: [], create: () => createOutboxTransport() },
};

export function channelProviders(clock: Clock): ChannelProviders {
  return {
    available: (channel) => Object.entries(SPECS).filter(([, spec]) => spec.channels.includes(channel)).map(([name]) => name),
    validate(channel, provider, settings) {
      const spec = SPECS[provider];
      if (!spec) return { ok: false, problems: [{ path: 'provider', reason: `must be one of ${Object.keys(SPECS).join(', ')}` }] };
      if (!spec.channels.includes(channel)) return { ok: false, problems: [{ path: 'provider', reason: `${provider} does not deliver ${channel}; for ${channel} use ${Object.entries(SPECS).filter(([, s]) => s.channels.includes(channel)).map(([n]) => n).join(', ')}` }] };
      const parsed = spec.schema.safeParse(settings ?? {});
      if (parsed.success) return { ok: true, settings: parsed.data as Record<string, unknown> };
      return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: ['settings', ...issue.path.map(String)].join('.'), reason: issue.message })) };
    },
    secretFields: (provider) => SPECS[provider]?.secrets ?? [],
    create(_channel, config: ChannelProviderConfig) {
      const spec = SPECS[config.provider];
      if (!spec) throw new Error(`no channel adapter named '${config.provider}'`);
      return spec.create(spec.schema.parse(config.settings), clock);
    },
  };
}

export function channelCallbacks(): ChannelCallbacks {
  return { handle: readChannelCallback, reply: replyToProvider };
}
