// A store's own settings over the API: country and time zone, quiet hours, the frequency cap,
// signal thresholds, branding, the email layout (MJML, compiled once when saved), how cases
// escalate and are scored, and whether Herald answers routine tickets.

import { z } from 'zod';
import { OWNER_TEAMS } from '../core/cases/case-record.ts';
import { DEFAULT_RISK_WEIGHTS, type RiskWeights } from '../core/cases/risk-score.ts';
import { ValidationError } from '../core/errors.ts';
import { isoAt } from '../core/ports/clock.ts';
import { withDefaultSettings, type StoreSettings } from '../core/settings/store-settings.ts';
import type { ManageChannelsDeps } from './manage-channels.ts';

export type ManageSettingsDeps = Pick<ManageChannelsDeps, 'store' | 'clock' | 'compileEmailLayout' | 'invalidate'>;

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
  ticket_answering: z.enum(['off', 'tag', 'answer'], { error: 'must be off, tag or answer' }).optional(),
  case_escalation: z.strictObject({ team: z.enum(OWNER_TEAMS, { error: `must be one of ${OWNER_TEAMS.join(', ')}` }).nullable().default(null), slack: z.boolean().default(true) }).optional(),
  case_risk_weights: z
    .strictObject(Object.fromEntries(['value', 'vip', 'promise', 'age', 'exceptions', 'contacts'].map((k) => [k, z.number().min(0, 'must not be negative').max(100, 'must be at most 100')])) as Record<keyof RiskWeights, z.ZodNumber>)
    .nullable()
    .optional(),
});

export async function updateSettings(deps: ManageSettingsDeps, storeId: string, body: unknown): Promise<ReturnType<typeof settingsView>> {
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
  if (input.case_escalation !== undefined) saved.caseEscalation = input.case_escalation;
  if (input.ticket_answering !== undefined) saved.ticketAnswering = input.ticket_answering;
  if (input.case_risk_weights !== undefined) saved.caseRiskWeights = input.case_risk_weights;
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
    case_escalation: s.caseEscalation,
    ticket_answering: s.ticketAnswering,
    case_risk_weights: s.caseRiskWeights ?? DEFAULT_RISK_WEIGHTS,
  };
}

function toQuiet(q: { start: string; end: string }) {
  const [sh, sm] = q.start.split(':').map(Number) as [number, number];
  const [eh, em] = q.end.split(':').map(Number) as [number, number];
  return { startHour: sh, startMinute: sm, endHour: eh, endMinute: em };
}
