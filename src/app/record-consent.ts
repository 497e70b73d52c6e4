// Consent over the API (a storefront's preference centre, a CRM import, support acting on a
// phone call): each change is a `recipient.opted_in` / `recipient.opted_out` event, effective for
// the very next send once the request is answered. And the link-based opt-outs Herald serves.

import { z } from 'zod';
import { CONSENT_SOURCES, normalizeAddress } from '../core/consent/consent-record.ts';
import { ValidationError } from '../core/errors.ts';
import type { IdSource } from '../core/ports/ids.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { Store } from '../core/ports/store.ts';
import { CHANNELS } from '../core/workflows/workflow-schema.ts';
import type { IngestGateway } from './ingest-gateway.ts';
import { feedbackEvent, ingestFeedback } from './receive-channel-feedback.ts';

export interface ConsentDeps {
  store: Store;
  gateway: IngestGateway;
  clock: Clock;
  ids: IdSource;
}

const consentInput = z.strictObject({
  channel: z.enum(CHANNELS, { error: `must be a channel: ${CHANNELS.join(', ')}` }),
  address: z.string({ error: 'is required: the email address, phone number or chat id' }).min(3, 'must be an email address, phone number or chat id'),
  status: z.enum(['granted', 'revoked'], { error: 'must be granted or revoked' }),
  scope: z.enum(['all', 'transactional', 'marketing'], { error: 'must be all, transactional or marketing' }).default('all'),
  source: z.enum(CONSENT_SOURCES, { error: `must be one of ${CONSENT_SOURCES.join(', ')}` }).default('api'),
  proof: z.string().max(2_000, 'must be at most 2000 characters').optional(),
  contact: z.string().optional(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, such as 2026-12-01T10:00:00Z' }).optional(),
  id: z.string().min(1).max(200).optional(),
});

export async function recordConsent(deps: ConsentDeps, storeId: string, body: unknown, actor: string) {
  const parsed = consentInput.safeParse(body);
  if (!parsed.success) throw new ValidationError('the consent change is not valid', parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })));
  const input = parsed.data;
  const at = input.at ? new Date(input.at).toISOString() : isoAt(deps.clock.nowMs());
  const event = feedbackEvent(storeId, 'api', input.status === 'revoked' ? 'recipient.opted_out' : 'recipient.opted_in', input.id ?? deps.ids.newId('cns'), at, null, {
    channel: input.channel,
    address: input.address,
    scope: input.scope,
    source: input.source,
    proof: input.proof ?? `recorded through the API by ${actor}`,
    ...(input.contact ? { contact: input.contact } : {}),
  });
  await ingestFeedback(deps.gateway, [event]);
  return listConsentViews(deps.store, storeId, input.address);
}

export async function listConsentViews(store: Store, storeId: string, address: string | null) {
  // A chat id is stored as given, an email or phone normalized: look for both forms.
  const addresses = address ? [...new Set([address.trim(), normalizeAddress(address)])] : null;
  const records = await store.reads.listConsents(storeId, { ...(addresses ? { addresses } : {}), limit: 500 });
  return records.map((c) => ({ channel: c.channel, address: c.address, contact: c.contact, purpose: c.purpose, status: c.status, source: c.source, at: c.at, proof: c.proof, history: c.history }));
}

/** The unsubscribe link of a marketing email: that address stops getting marketing email. */
export async function unsubscribeByLink(deps: ConsentDeps, storeId: string, notificationId: string): Promise<{ address: string } | null> {
  const n = await deps.store.reads.getNotification(storeId, notificationId);
  if (!n || !n.recipient || n.channel !== 'email') return null;
  const now = isoAt(deps.clock.nowMs());
  await ingestFeedback(deps.gateway, [
    feedbackEvent(storeId, 'herald', 'recipient.opted_out', `unsubscribe:${n.id}`, now, n.orderRef, {
      channel: 'email', address: n.recipient, scope: 'marketing', source: 'link', proof: `unsubscribe link in the ${n.milestone} email ${n.id}`,
    }),
  ]);
  return { address: n.recipient };
}

/** An open (the pixel) or a click on a tracked link. The first of each counts; repeats are duplicates. */
export async function recordEngagement(deps: ConsentDeps, storeId: string, notificationId: string, kind: 'opened' | 'clicked', linkIndex: number | null): Promise<void> {
  const n = await deps.store.reads.getNotification(storeId, notificationId);
  if (!n) return;
  const now = isoAt(deps.clock.nowMs());
  const id = kind === 'opened' ? `open:${n.id}` : `click:${n.id}:${linkIndex ?? 0}`;
  await ingestFeedback(deps.gateway, [feedbackEvent(storeId, 'herald', kind === 'opened' ? 'message.opened' : 'message.clicked', id, now, n.orderRef, { notification_id: n.id, ...(linkIndex === null ? {} : { link: linkIndex }) })]);
}
