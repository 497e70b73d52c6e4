// Operators' side of channels: which providers deliver each channel, in order, with credentials
// validated by the adapter's own schema and never shown back.

import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import type { ChannelConfigRecord, ChannelProviderConfig } from '../core/notifications/channel-config.ts';
import type { ChannelProviders } from '../core/ports/channel.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
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

