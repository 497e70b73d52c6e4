// The attributes that feedback events carry (DESIGN.md §1: receipts, opens, clicks and opt-outs
// come back through ingest as events): which notification a `message.*` event is about, and
// what a `recipient.opted_out` / `recipient.opted_in` changes. One reader for validation and
// projection, so what the API accepts is exactly what the projection applies.

import type { FieldIssue } from '../errors.ts';
import { CONSENT_SOURCES, type ConsentPurpose, type ConsentSource } from '../consent/consent-record.ts';
import { CHANNELS, type ChannelName } from '../workflows/workflow-schema.ts';

export interface MessageFeedback {
  /** Our notification id (pixel, links, our own receipts), or the provider's message id. */
  notificationId: string | null;
  providerMessageId: string | null;
  /** `failed` for a provider's "undelivered" (an SMS to a dead number), else the event's own status. */
  failed: boolean;
  reason: string | null;
}

export interface ConsentFeedback {
  channel: ChannelName;
  address: string;
  contact: string | null;
  scope: 'all' | ConsentPurpose;
  source: ConsentSource;
  proof: string | null;
}

const SCOPES = ['all', 'transactional', 'marketing'] as const;

export function isMessageEvent(type: string): boolean {
  return type === 'message.delivered' || type === 'message.opened' || type === 'message.clicked' || type === 'message.bounced';
}

export function isConsentEvent(type: string): boolean {
  return type === 'recipient.opted_out' || type === 'recipient.opted_in';
}

export function readMessageFeedback(attributes: Record<string, unknown> | null | undefined): MessageFeedback {
  const a = attributes ?? {};
  return {
    notificationId: text(a['notification_id']),
    providerMessageId: text(a['provider_message_id']),
    failed: a['status'] === 'failed',
    reason: text(a['reason']),
  };
}

export function readConsentFeedback(attributes: Record<string, unknown> | null | undefined): ConsentFeedback | null {
  const a = attributes ?? {};
  const channel = a['channel'];
  const address = text(a['address']);
  if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel) || address === null) return null;
  const scope = (SCOPES as readonly unknown[]).includes(a['scope']) ? (a['scope'] as ConsentFeedback['scope']) : 'all';
  const source = (CONSENT_SOURCES as readonly unknown[]).includes(a['source']) ? (a['source'] as ConsentSource) : 'api';
  return { channel: channel as ChannelName, address, contact: text(a['contact']), scope, source, proof: text(a['proof']) };
}

/** What is wrong with a feedback event's attributes, by field; empty for other event types. */
export function feedbackIssues(type: string, attributes: unknown): FieldIssue[] {
  const a = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {};
  const issues: FieldIssue[] = [];
  if (isMessageEvent(type) && text(a['notification_id']) === null && text(a['provider_message_id']) === null) {
    issues.push({ field: 'attributes.notification_id', reason: `is required for ${type} events (or attributes.provider_message_id)` });
  }
  if (isConsentEvent(type)) {
    if (typeof a['channel'] !== 'string' || !(CHANNELS as readonly string[]).includes(a['channel'])) issues.push({ field: 'attributes.channel', reason: `must be a channel: ${CHANNELS.join(', ')}` });
    if (text(a['address']) === null) issues.push({ field: 'attributes.address', reason: 'is required: the email address, phone number or chat id' });
    if (a['scope'] !== undefined && !(SCOPES as readonly unknown[]).includes(a['scope'])) issues.push({ field: 'attributes.scope', reason: `must be one of ${SCOPES.join(', ')}` });
    if (a['source'] !== undefined && !(CONSENT_SOURCES as readonly unknown[]).includes(a['source'])) issues.push({ field: 'attributes.source', reason: `must be one of ${CONSENT_SOURCES.join(', ')}` });
  }
  return issues;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
