// Which channel of a notify step's list reaches this customer: the first one with an address
// and the consent that channel needs (docs/consent.md). An explicit consent record wins over the
// storefront's checkbox. SMS needs explicit consent (the storefront's SMS opt-in or a record);
// WhatsApp needs a WhatsApp opt-in record; marketing email needs an opt-in; transactional email
// needs only an address that has not opted out; Telegram needs a chat linked to the customer.
// Webhook and Slack reach the merchant's own systems and teams, not the customer.

import { normalizeAddress, type ConsentPurpose, type ConsentRecord } from '../consent/consent-record.ts';
import type { ChannelName } from '../workflows/workflow-schema.ts';

export interface Reachability {
  email: string | null;
  phone: string | null;
  /** The storefront's SMS opt-in on the order. */
  acceptsSms: boolean;
  /** The storefront's marketing email opt-in on the order. */
  acceptsEmailMarketing: boolean;
  /** Consent records of the customer's addresses (by address or contact). */
  consents: readonly ConsentRecord[];
}

/** `passedOver` says why earlier channels of the list were not used (an SMS opt-out, no phone). */
export type ChannelChoice = { ok: true; channel: ChannelName; recipient: string; passedOver: string | null } | { ok: false; channel: ChannelName; reason: string };

export function chooseChannel(channels: readonly ChannelName[], who: Reachability, purpose: ConsentPurpose): ChannelChoice {
  const refusals: string[] = [];
  for (const channel of channels) {
    const verdict = reach(channel, who, purpose);
    if (verdict.ok) return { ok: true, channel, recipient: verdict.recipient, passedOver: refusals.length > 0 ? refusals.join('; ') : null };
    refusals.push(`${channel}: ${verdict.reason}`);
  }
  return { ok: false, channel: channels[0] ?? 'email', reason: refusals.join('; ') };
}

/** Everything a customer with these facts can be reached on (or not), for one channel. */
export function reach(channel: ChannelName, who: Reachability, purpose: ConsentPurpose): { ok: true; recipient: string } | { ok: false; reason: string } {
  switch (channel) {
    case 'email': {
      if (!who.email) return { ok: false, reason: 'no email address' };
      const record = find(who, 'email', who.email, purpose);
      if (record?.status === 'revoked') return { ok: false, reason: optedOut(record) };
      if (purpose === 'marketing' && record?.status !== 'granted' && !who.acceptsEmailMarketing) return { ok: false, reason: 'no consent to marketing email' };
      return { ok: true, recipient: who.email };
    }
    case 'sms':
    case 'whatsapp': {
      if (!who.phone) return { ok: false, reason: 'no phone number' };
      const record = find(who, channel, who.phone, purpose);
      if (record?.status === 'revoked') return { ok: false, reason: optedOut(record) };
      const storefront = channel === 'sms' && who.acceptsSms;
      if (record?.status !== 'granted' && !storefront) return { ok: false, reason: `no consent to ${channel === 'sms' ? 'SMS' : 'WhatsApp'}` };
      return { ok: true, recipient: normalizeAddress(who.phone) };
    }
    case 'telegram': {
      const contacts = [who.email, who.phone].filter((c): c is string => c !== null).map((a) => normalizeAddress(a));
      const chats = who.consents.filter((c) => c.channel === 'telegram' && c.purpose === purpose && c.contact !== null && contacts.includes(c.contact));
      const newest = chats.sort((a, b) => (a.at < b.at ? 1 : -1))[0];
      if (!newest) return { ok: false, reason: 'no Telegram chat linked to this customer' };
      if (newest.status === 'revoked') return { ok: false, reason: optedOut(newest) };
      return { ok: true, recipient: newest.address };
    }
    case 'outbox':
      return { ok: true, recipient: who.email ?? who.phone ?? 'outbox' };
    case 'webhook':
    case 'slack':
      // Teams' channels: the configured provider names the destination; no customer consent applies.
      return { ok: true, recipient: channel };
  }
}

function find(who: Reachability, channel: string, address: string, purpose: ConsentPurpose): ConsentRecord | undefined {
  const normalized = normalizeAddress(address);
  return who.consents.find((c) => c.channel === channel && c.address === normalized && c.purpose === purpose);
}

function optedOut(record: ConsentRecord): string {
  const how = { keyword: 'by an SMS keyword', link: 'by the unsubscribe link', api: 'through the API', storefront: 'in the storefront', import: 'in an import', provider: 'at the provider' }[record.source];
  return `the customer opted out ${how} at ${record.at}`;
}
