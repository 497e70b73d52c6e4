// What a client may send as one canonical event (POST /v1/events, batch lines, CLI import).
// Strict objects: a misspelt field is refused by name rather than silently dropped.

import { z } from 'zod';
import { SHIPMENT_STATES } from '../vocabulary/shipment-states.ts';
import { SHIPMENT_REASONS } from '../vocabulary/shipment-reasons.ts';
import type { FieldIssue } from '../errors.ts';
import { feedbackIssues } from './feedback-attributes.ts';
import { isEventType } from './event-types.ts';

const MAX_REF_CHARS = 255;

/** Storefront ids as strings. A JSON number is accepted only while it is an exact integer. */
const ref = z.union([
  z.string().trim().min(1, 'must not be empty').max(MAX_REF_CHARS, `must be at most ${MAX_REF_CHARS} characters`),
  z
    .number()
    .refine(Number.isSafeInteger, 'must be a string: this number is above 2^53 and already lost digits as a JSON number')
    .transform(String),
]);

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time with a timezone, e.g. 2026-11-20T14:03:00Z' });
const instantOrDate = z.union([instant, z.iso.date({ error: 'must be an ISO-8601 date or date-time' })], {
  error: 'must be an ISO-8601 date (2026-11-24) or date-time with a timezone',
});
const shortText = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const money = z.union([
  z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'must be a decimal amount such as "129.90"'),
  z.number().finite().transform((n) => String(n)),
]);

const location = z.strictObject({
  city: shortText(200).optional(),
  region: shortText(200).optional(),
  postal_code: shortText(40).optional(),
  country: shortText(60).optional(),
  description: shortText(500).optional(),
});

const providerStatus = z.strictObject({
  provider: shortText(40).min(1, 'must name the provider whose codes these are'),
  parent: shortText(100).min(1, 'must not be empty'),
  sub: shortText(100).nullish(),
});

const shipment = z.strictObject({
  carrier: shortText(60).nullish(),
  tracking_number: z.string().trim().min(4, 'must have at least 4 characters').max(64, 'must be at most 64 characters'),
  state: z.enum(SHIPMENT_STATES, { error: `must be one of: ${SHIPMENT_STATES.join(', ')}` }).optional(),
  previous_state: z.enum(SHIPMENT_STATES, { error: 'must be a shipment state' }).nullish(),
  reason: z.enum(SHIPMENT_REASONS as [string, ...string[]], { error: 'must be a known reason' }).nullish(),
  provider_status: providerStatus.nullish(),
  estimated_delivery_at: instantOrDate.nullish(),
  location: location.nullish(),
  message: shortText(2000).nullish(),
});

const address = z.strictObject({
  name: shortText(200).optional(),
  city: shortText(200).optional(),
  region: shortText(200).optional(),
  postal_code: shortText(40).optional(),
  country: shortText(60).optional(),
});

const order = z.strictObject({
  number: shortText(100).optional(),
  total: money.optional(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code').transform((c) => c.toUpperCase()).optional(),
  tags: z.array(shortText(100)).max(250, 'must have at most 250 tags').optional(),
  channel: shortText(100).optional(),
  shipping_method: shortText(200).optional(),
  payment_method: shortText(100).optional(),
  financial_status: shortText(60).optional(),
  fulfillment_status: z.enum(['unfulfilled', 'partial', 'fulfilled'], { error: 'must be unfulfilled, partial or fulfilled' }).optional(),
  destination: address.optional(),
  customer: z
    .strictObject({
      email: z.email('must be an email address').optional(),
      phone: shortText(40).optional(),
      first_name: shortText(200).optional(),
      last_name: shortText(200).optional(),
      locale: shortText(35).optional(),
      accepts_email_marketing: z.boolean().optional(),
      accepts_sms: z.boolean().optional(),
    })
    .optional(),
  line_items: z
    .array(
      z.strictObject({
        sku: shortText(100).optional(),
        title: shortText(500),
        quantity: z.number().int().positive('must be a positive whole number'),
        price: money.optional(),
      }),
    )
    .max(1000, 'must have at most 1000 line items')
    .optional(),
});

export const eventInputSchema = z
  .strictObject({
    id: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    type: z.string().refine(isEventType, 'must be a known event type (order.placed, shipment.updated, ...) or custom.<name>'),
    store_id: z.string().optional(),
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,59}$/, 'must be a lowercase name such as "shopify" or "warehouse"')
      .optional(),
    occurred_at: instant,
    order_ref: ref.nullish(),
    customer_ref: ref.nullish(),
    shipment: shipment.nullish(),
    order: order.nullish(),
    promise_date: instantOrDate.nullish(),
    attributes: z.record(z.string(), z.unknown()).nullish(),
  });

const SHIPMENT_TYPES: ReadonlySet<string> = new Set(['shipment.updated', 'fulfillment.created', 'fulfillment.updated']);

/**
 * Rules across fields, checked on the raw input so that they are reported together with the
 * schema's own issues (a schema refinement would only run once every field is well-formed).
 */
export function crossFieldIssues(value: unknown): FieldIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const event = value as { type?: unknown; shipment?: unknown; order_ref?: unknown };
  const type = typeof event.type === 'string' ? event.type : '';
  const shipment = typeof event.shipment === 'object' && event.shipment !== null ? (event.shipment as Record<string, unknown>) : null;
  const issues: FieldIssue[] = [];
  if (SHIPMENT_TYPES.has(type) && !shipment) issues.push({ field: 'shipment', reason: `is required for ${type} events` });
  if (shipment && shipment['state'] == null && shipment['provider_status'] == null) {
    issues.push({ field: 'shipment.state', reason: 'is required unless shipment.provider_status gives the provider codes to map' });
  }
  if (type.startsWith('order.') && (event.order_ref === undefined || event.order_ref === null)) {
    issues.push({ field: 'order_ref', reason: `is required for ${type} events` });
  }
  issues.push(...feedbackIssues(type, (value as { attributes?: unknown }).attributes));
  collectTextIssues(value, '', issues, 0);
  return issues;
}

const MAX_DEPTH = 32;

/**
 * Text every store can keep: no NUL character and no unpaired UTF-16 surrogate (PostgreSQL
 * refuses both, and neither is meaningful text), anywhere in the event, keys included.
 */
function collectTextIssues(value: unknown, path: string, issues: FieldIssue[], depth: number): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) issues.push({ field: path || '(event)', reason: 'must not contain the NUL character (\\u0000)' });
    else if (!value.isWellFormed()) issues.push({ field: path || '(event)', reason: 'must be valid Unicode text (it has an unpaired surrogate)' });
    return;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && (key.includes('\u0000') || !key.isWellFormed())) {
      issues.push({ field: childPath, reason: 'the field name must be valid Unicode text without NUL' });
    }
    collectTextIssues(child, childPath, issues, depth + 1);
  }
}

export type EventInput = z.output<typeof eventInputSchema>;
