// Which channel of a notify step's list reaches this customer: the first one with an address
// and the consent that channel needs. SMS and WhatsApp need explicit consent; marketing email
// needs an opt-in; transactional email needs only an address.

import type { ChannelName } from '../workflows/workflow-schema.ts';

export interface Reachability {
  email: string | null;
  phone: string | null;
  acceptsSms: boolean;
  acceptsEmailMarketing: boolean;
  /** Channels the customer opted out of (by keyword, link or API). */
  optedOut: ReadonlySet<string>;
}

export type ChannelChoice = { ok: true; channel: ChannelName; recipient: string } | { ok: false; channel: ChannelName; reason: string };

export function chooseChannel(channels: readonly ChannelName[], who: Reachability, purpose: 'transactional' | 'marketing'): ChannelChoice {
  const refusals: string[] = [];
  for (const channel of channels) {
    const verdict = reach(channel, who, purpose);
    if (verdict.ok) return { ok: true, channel, recipient: verdict.recipient };
    refusals.push(`${channel}: ${verdict.reason}`);
  }
  return { ok: false, channel: channels[0] ?? 'email', reason: refusals.join('; ') };
}

function reach(channel: ChannelName, who: Reachability, purpose: 'transactional' | 'marketing'): { ok: true; recipient: string } | { ok: false; reason: string } {
  if (who.optedOut.has(channel)) return { ok: false, reason: 'the customer opted out' };
  switch (channel) {
    case 'email':
      if (!who.email) return { ok: false, reason: 'no email address' };
      if (purpose === 'marketing' && !who.acceptsEmailMarketing) return { ok: false, reason: 'no consent to marketing email' };
      return { ok: true, recipient: who.email };
    case 'sms':
    case 'whatsapp':
      if (!who.phone) return { ok: false, reason: 'no phone number' };
      if (!who.acceptsSms) return { ok: false, reason: `no consent to ${channel}` };
      return { ok: true, recipient: who.phone };
    case 'outbox':
      return { ok: true, recipient: who.email ?? who.phone ?? 'outbox' };
    case 'telegram':
    case 'webhook':
    case 'slack':
      return { ok: false, reason: 'the customer has no address on this channel' };
  }
}
