// The workflow document (docs/workflows.md): trigger, conditions, steps. Rules are data: this
// schema validates what operators write in YAML files or send to /v1/workflows, names every bad
// field, and is exported as JSON Schema for editor completion.

import { z } from 'zod';
import { SHIPMENT_REASONS } from '../vocabulary/shipment-reasons.ts';
import { SHIPMENT_STATES } from '../vocabulary/shipment-states.ts';
import { OWNER_TEAMS, CASE_PRIORITIES } from '../cases/case-record.ts';
import { isEventType } from '../events/event-types.ts';

/** Signals the engine computes (DESIGN.md §5); a workflow triggers on them like on events. */
export const SIGNALS = ['stalled', 'late', 'fulfillment_stalled', 'edd_changed', 'all_shipments_delivered'] as const;
export type Signal = (typeof SIGNALS)[number];

export const CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'webhook', 'slack', 'outbox'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'not_contains', 'exists', 'not_exists', 'starts_with'] as const;
export type Operator = (typeof OPERATORS)[number];

const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a lower-case slug: letters, digits, - and _, at most 63 characters');
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1, 'must list at least one')]);
const state = z.enum(SHIPMENT_STATES, { error: `must be a shipment state: ${SHIPMENT_STATES.join(', ')}` });
const reason = z.enum(SHIPMENT_REASONS as [string, ...string[]], { error: 'must be a shipment reason (docs/vocabulary.md)' });
const eventType = z.string().refine(isEventType, 'must be an event type such as order.placed or shipment.updated (docs/events.md)');

export const triggerSchema = z
  .strictObject({
    event: oneOrMany(eventType).optional(),
    state: oneOrMany(state).optional(),
    reason: oneOrMany(reason).optional(),
    signal: z.enum(SIGNALS, { error: `must be a signal: ${SIGNALS.join(', ')}` }).optional(),
    /** Start the run this many days after the trigger (e.g. 3 days after delivered). */
    after_days: z.number().positive('must be more than 0').max(365, 'must be at most 365').optional(),
  })
  .refine((t) => [t.event, t.state, t.reason, t.signal].filter((v) => v !== undefined).length === 1, {
    message: 'must name exactly one of event, state, reason or signal',
  });
export type Trigger = z.infer<typeof triggerSchema>;

export interface ConditionLeaf {
  path: string;
  op: Operator;
  value?: unknown;
}
export type ConditionNode = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode } | { cel: string } | ConditionLeaf;

export const conditionSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(conditionSchema).min(1, 'must list at least one condition') }),
      z.strictObject({ any: z.array(conditionSchema).min(1, 'must list at least one condition') }),
      z.strictObject({ not: conditionSchema }),
      z.strictObject({ cel: z.string().min(1, 'must be a CEL expression') }),
      z.strictObject({
        path: z.string().regex(/^[a-z_]+(\.[a-z_0-9]+)*$/, 'must be a dotted path such as order.total or shipment.state'),
        op: z.enum(OPERATORS, { error: `must be one of: ${OPERATORS.join(', ')}` }),
        value: z.unknown().optional(),
      }),
    ],
    { error: 'must be a condition: {all: [...]}, {any: [...]}, {not: ...}, {cel: "..."} or {path, op, value}' },
  ),
);

const message = z.strictObject({
  subject: z.string().max(500, 'must be at most 500 characters').optional(),
  text: z.string().min(1, 'must not be empty').max(20_000, 'must be at most 20,000 characters'),
  html: z.string().max(200_000, 'must be at most 200,000 characters').optional(),
  /** A shorter text for SMS, WhatsApp and Telegram; `text` is used when absent. */
  short: z.string().max(1_600, 'must be at most 1,600 characters').optional(),
  /**
   * A template approved in WhatsApp Manager, for messages outside the 24-hour customer service
   * window (order updates usually are): its name, language and body parameters (Liquid).
   */
  whatsapp_template: z
    .strictObject({
      name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be the template name as approved: lower-case letters, digits and _'),
      language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a WhatsApp language code such as en_US or de'),
      parameters: z.array(z.string().max(1_024, 'must be at most 1,024 characters')).max(20, 'at most 20 parameters').default([]),
    })
    .optional(),
});
export type MessageTemplate = z.infer<typeof message>;

const notify = z.strictObject({
  /** What the message announces; one message per order (or parcel), milestone and channel, ever. */
  milestone: slug,
  /** In order of preference: the first one the recipient can be reached on (and agreed to) is used. */
  channels: z.array(z.enum(CHANNELS, { error: `must be a channel: ${CHANNELS.join(', ')}` })).min(1, 'must list at least one channel'),
  /** Critical messages go out in quiet hours and past the frequency cap. */
  critical: z.boolean().default(false),
  /**
   * Draft only: the message is rendered and waits in a case (`approval_needed`) until an agent
   * approves it (as is or edited) or rejects it. For large B2B orders, VIPs, sensitive delays.
   */
  approval: z.boolean().default(false),
  purpose: z.enum(['transactional', 'marketing']).default('transactional'),
  message,
  /** The same message in other languages, by language code (`de`, `fr`, `es`); chosen from the customer's locale. */
  translations: z.record(z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'), message).optional(),
});

const duration = {
  minutes: z.number().positive('must be more than 0').optional(),
  hours: z.number().positive('must be more than 0').optional(),
  days: z.number().positive('must be more than 0').optional(),
};
const wait = z
  .strictObject({
    ...duration,
    /** A local time of day in the recipient's time zone (`09:00`): waits until it next comes round. */
    until: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time of day, HH:MM').optional(),
    /** A share of the time left until the parcel's ETA (0.5 = halfway there); no wait without an ETA. */
    fraction_of_eta: z.number().gt(0, 'must be more than 0').lt(1, 'must be less than 1').optional(),
  })
  .refine((w) => [w.minutes, w.hours, w.days, w.until, w.fraction_of_eta].some((v) => v !== undefined), { message: 'must give minutes, hours, days, until or fraction_of_eta' });

export type Step =
  | { notify: z.infer<typeof notify> }
  | { wait: z.infer<typeof wait> }
  | { wait_for_engagement: { milestone: string; within_hours: number; otherwise: Step[] } }
  | { branch: { if: ConditionNode; then: Step[]; else?: Step[] | undefined } }
  | { open_case: { team: (typeof OWNER_TEAMS)[number]; priority: (typeof CASE_PRIORITIES)[number]; reason: string; summary?: string | undefined; sla_hours?: number | undefined } }
  | { webhook: { url: string; headers?: Record<string, string> | undefined } }
  | { tag: { add?: string[] | undefined; remove?: string[] | undefined } }
  | { stop: { reason?: string | undefined } | null };

export const stepSchema: z.ZodType<Step> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ notify }),
      z.strictObject({ wait }),
      z.strictObject({
        wait_for_engagement: z.strictObject({
          /** The milestone of an earlier notify step in this workflow. */
          milestone: slug,
          within_hours: z.number().positive('must be more than 0'),
          otherwise: z.array(stepSchema).min(1, 'must list the fallback steps'),
        }),
      }),
      z.strictObject({ branch: z.strictObject({ if: conditionSchema, then: z.array(stepSchema), else: z.array(stepSchema).optional() }) }),
      z.strictObject({
        open_case: z.strictObject({
          team: z.enum(OWNER_TEAMS, { error: `must be a team: ${OWNER_TEAMS.join(', ')}` }),
          priority: z.enum(CASE_PRIORITIES, { error: `must be a priority: ${CASE_PRIORITIES.join(', ')}` }),
          reason: slug,
          summary: z.string().max(500).optional(),
          sla_hours: z.number().positive('must be more than 0').optional(),
        }),
      }),
      z.strictObject({
        webhook: z.strictObject({
          url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
          headers: z.record(z.string(), z.string()).optional(),
        }),
      }),
      z.strictObject({
        tag: z
          .strictObject({ add: z.array(z.string().min(1)).optional(), remove: z.array(z.string().min(1)).optional() })
          .refine((t) => (t.add?.length ?? 0) + (t.remove?.length ?? 0) > 0, { message: 'must add or remove at least one tag' }),
      }),
      // `- stop:` with nothing after it is YAML null. No default here: a union branch with a default would swallow every other step's errors.
      z.strictObject({ stop: z.strictObject({ reason: z.string().max(200).optional() }).nullable() }),
    ],
    { error: 'must be one step: notify, wait, wait_for_engagement, branch, open_case, webhook, tag or stop' },
  ),
);

export const workflowSchema = z.strictObject({
  id: slug,
  name: z.string().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  description: z.string().max(2_000, 'must be at most 2,000 characters').optional(),
  /** Applies when the workflow is first saved; later the enable / disable commands decide. */
  enabled: z.boolean().optional(),
  trigger: triggerSchema,
  conditions: conditionSchema.optional(),
  steps: z.array(stepSchema).min(1, 'must list at least one step'),
});

export type WorkflowDocument = z.infer<typeof workflowSchema>;

/** The JSON Schema of a workflow document, for editor completion (docs/workflows.md). */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(workflowSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
