// Operators' side of channels: which providers deliver each channel (credentials validated by the
// adapter's own schema and never shown back), the store's settings (branding, quiet hours, the
// email layout compiled from MJML when saved), and customers' consent records.

import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import type { ChannelConfigRecord, ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { ChannelProviders } from '../core/ports/channel.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { withDefaultSettings, type StoreSettings } from '../core/settings/store-settings.ts';
import { CHANNELS, type ChannelName } from '../core/workflows/workflow-schema.ts';

export interface ManageChannelsDeps {
  store: Store;
  clock: Clock;
  providers: ChannelProviders;
  /** Where providers call back: `${publicUrl}/hooks/channels/...`. */
  publicUrl: string;
  compileEmailLayout: (mjml: string) => Promise<{ ok: true; html: string } | { ok: false; problems: string[] }>;
  /** Told after a save, so this process applies it at once (others within a second). */
  invalidate?: ((storeId: string) => void) | undefined;
}

const providerInput = z.strictObject({
  provider: z.string({ error: 'must name an adapter, such as smtp or twilio' }),
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 lower-case letters, digits, - or _').optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
  rate_per_second: z.number().positive('must be above 0').max(10_000, 'must be at most 10000').default(10),
  burst: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000').optional(),
});
const channelInput = z.strictObject({ providers: z.array(providerInput).max(5, 'at most 5 providers per channel') });

export function callbackUrl(publicUrl: string, storeId: string, channel: string, name: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/hooks/channels/${encodeURIComponent(storeId)}/${channel}/${encodeURIComponent(name)}`;
}

export async function saveChannel(deps: ManageChannelsDeps, storeId: string, channel: string, body: unknown): Promise<ReturnType<typeof channelView>> {
  if (!(CHANNELS as readonly string[]).includes(channel)) throw new ValidationError(`no channel '${channel}'`, [{ field: 'channel', reason: `must be one of ${CHANNELS.join(', ')}` }]);
  const parsed = channelInput.safeParse(body);
  if (!parsed.success) throw new ValidationError(`the ${channel} configuration is not valid`, parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })));
  const issues: FieldIssue[] = [];
  const providers: ChannelProviderConfig[] = [];
  const names = new Set<string>();
  parsed.data.providers.forEach((input, index) => {
    const name = input.name ?? input.provider;
    if (names.has(name)) issues.push({ field: `providers.${index}.name`, reason: `'${name}' is used twice in this channel: give each provider its own name` });
    names.add(name);
    const settings = { ...input.settings };
    // Twilio reports delivery to the URL it is given; fill in ours so receipts arrive without setup.
    if (input.provider === 'twilio' && settings['status_callback_url'] === undefined) settings['status_callback_url'] = callbackUrl(deps.publicUrl, storeId, channel, name);
    const checked = deps.providers.validate(channel as ChannelName, input.provider, settings);
    if (!checked.ok) {
      for (const problem of checked.problems) issues.push({ field: `providers.${index}.${problem.path}`, reason: problem.reason });
      return;
    }
    providers.push({ name, provider: input.provider, settings: checked.settings, rateLimit: { perSecond: input.rate_per_second, burst: input.burst ?? Math.max(1, Math.ceil(input.rate_per_second)) } });
  });
  if (issues.length > 0) throw new ValidationError(`the ${channel} configuration is not valid`, issues);
  const record: ChannelConfigRecord = { storeId, channel: channel as ChannelName, providers, updatedAt: isoAt(deps.clock.nowMs()) };
  await deps.store.admin.saveChannelConfig(record);
  deps.invalidate?.(storeId);
  return channelView(deps, record);
}

export async function listChannels(deps: ManageChannelsDeps, storeId: string) {
  const saved = new Map((await deps.store.admin.listChannelConfigs(storeId)).map((r) => [r.channel, r]));
  return CHANNELS.map((channel) => {
    const record = saved.get(channel);
    return record && record.providers.length > 0 ? channelView(deps, record) : { channel, providers: [], delivers_to: 'outbox', available_providers: deps.providers.available(channel) };
  });
}

function channelView(deps: ManageChannelsDeps, record: ChannelConfigRecord) {
  return {
    channel: record.channel,
    delivers_to: record.providers[0]?.name ?? 'outbox',
    providers: record.providers.map((p) => ({
      name: p.name,
      provider: p.provider,
      settings: redact(p.settings, deps.providers.secretFields(p.provider)),
      rate_per_second: p.rateLimit.perSecond,
      burst: p.rateLimit.burst,
      callback_url: callbackUrl(deps.publicUrl, record.storeId, record.channel, p.name),
    })),
    available_providers: deps.providers.available(record.channel),
    updated_at: record.updatedAt,
  };
}

function redact(settings: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, secrets.includes(key) && value !== undefined ? '[redacted]' : value]));
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as 21:00');
const color = z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/, 'must be a hex colour such as #1f4e79');
const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const settingsInput = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO country code such as DE').nullable().optional(),
  time_zone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'must be an IANA time zone such as Europe/Berlin').optional(),
  quiet_hours: z.strictObject({ start: hhmm, end: hhmm }).nullable().optional(),
  max_messages_per_recipient_per_day: z.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').optional(),
  stall_after_business_hours: z.number().positive('must be above 0').max(720, 'must be at most 720').optional(),
  fulfillment_stall_after_hours: z.number().positive('must be above 0').max(720, 'must be at most 720').optional(),
  high_value_threshold: z.number().min(0, 'must not be negative').optional(),
  brand: z.strictObject({
    name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
    logo_url: httpsUrl.nullable().optional(),
    primary_color: color.optional(),
    font_family: z.string().regex(/^[\w\s,'"-]{1,120}$/, 'must be a CSS font list such as Helvetica, Arial, sans-serif').optional(),
    help_url: httpsUrl.nullable().optional(),
    sender_name: z.string().min(1).max(100).nullable().optional(),
    reply_to: z.email('must be an email address').refine((a) => !/^(no-?reply|do-?not-?reply)@/i.test(a), 'must be a monitored address customers can reply to, not a no-reply address').nullable().optional(),
  }).optional(),
  email_layout_mjml: z.string().max(200_000, 'must be at most 200000 characters').nullable().optional(),
});

export async function updateSettings(deps: ManageChannelsDeps, storeId: string, body: unknown): Promise<ReturnType<typeof settingsView>> {
  const parsed = settingsInput.safeParse(body);
  if (!parsed.success) throw new ValidationError('the settings are not valid', parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })));
  const input = parsed.data;
  const saved: Partial<StoreSettings> = { ...((await deps.store.admin.getStoreSettings(storeId)) ?? {}) };
  if (input.country !== undefined) saved.country = input.country;
  if (input.time_zone !== undefined) saved.timeZone = input.time_zone;
  if (input.quiet_hours !== undefined) saved.quietHours = input.quiet_hours === null ? null : toQuiet(input.quiet_hours);
  if (input.max_messages_per_recipient_per_day !== undefined) saved.maxMessagesPerRecipientPerDay = input.max_messages_per_recipient_per_day;
  if (input.stall_after_business_hours !== undefined) saved.stallAfterBusinessHours = input.stall_after_business_hours;
  if (input.fulfillment_stall_after_hours !== undefined) saved.fulfillmentStallAfterHours = input.fulfillment_stall_after_hours;
  if (input.high_value_threshold !== undefined) saved.highValueThreshold = input.high_value_threshold;
  if (input.brand) {
    const b = input.brand;
    const current = withDefaultSettings(saved).brand;
    saved.brand = {
      name: b.name ?? current.name,
      logoUrl: b.logo_url === undefined ? current.logoUrl : b.logo_url,
      primaryColor: b.primary_color ?? current.primaryColor,
      fontFamily: b.font_family ?? current.fontFamily,
      helpUrl: b.help_url === undefined ? current.helpUrl : b.help_url,
      senderName: b.sender_name === undefined ? current.senderName : b.sender_name,
      replyTo: b.reply_to === undefined ? current.replyTo : b.reply_to,
    };
  }
  if (input.email_layout_mjml !== undefined) {
    if (input.email_layout_mjml === null) saved.emailLayout = null;
    else {
      const compiled = await deps.compileEmailLayout(input.email_layout_mjml);
      if (!compiled.ok) throw new ValidationError('the email layout does not compile', compiled.problems.map((reason) => ({ field: 'email_layout_mjml', reason })));
      saved.emailLayout = { mjml: input.email_layout_mjml, html: compiled.html };
    }
  }
  await deps.store.admin.saveStoreSettings(storeId, saved, isoAt(deps.clock.nowMs()));
  deps.invalidate?.(storeId);
  return settingsView(saved);
}

export function settingsView(saved: Partial<StoreSettings> | null) {
  const s = withDefaultSettings(saved);
  const time = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return {
    country: s.country,
    time_zone: s.timeZone,
    quiet_hours: s.quietHours ? { start: time(s.quietHours.startHour, s.quietHours.startMinute), end: time(s.quietHours.endHour, s.quietHours.endMinute) } : null,
    max_messages_per_recipient_per_day: s.maxMessagesPerRecipientPerDay,
    stall_after_business_hours: s.stallAfterBusinessHours,
    fulfillment_stall_after_hours: s.fulfillmentStallAfterHours,
    high_value_threshold: s.highValueThreshold,
    brand: { name: s.brand.name, logo_url: s.brand.logoUrl, primary_color: s.brand.primaryColor, font_family: s.brand.fontFamily, help_url: s.brand.helpUrl, sender_name: s.brand.senderName, reply_to: s.brand.replyTo },
    email_layout_mjml: s.emailLayout?.mjml ?? null,
  };
}

function toQuiet(q: { start: string; end: string }) {
  const [sh, sm] = q.start.split(':').map(Number) as [number, number];
  const [eh, em] = q.end.split(':').map(Number) as [number, number];
  return { startHour: sh, startMinute: sm, endHour: eh, endMinute: em };
}
