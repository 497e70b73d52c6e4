// Who the order's customer is on each channel, with their consent records, read in the
// transaction that decides whether to message them: an opt-out committed a moment ago counts.

import { normalizeAddress } from '../core/consent/consent-record.ts';
import type { Reachability } from '../core/notifications/choose-channel.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { StoreTx } from '../core/ports/store.ts';

export async function loadReachability(tx: StoreTx, order: OrderRecord): Promise<Reachability> {
  const customer = order.facts.customer ?? {};
  const email = customer.email ?? null;
  const phone = customer.phone ?? null;
  const addresses = [email, phone].filter((a): a is string => a !== null && a.trim() !== '').map((a) => normalizeAddress(a));
  return {
    email,
    phone,
    acceptsSms: customer.accepts_sms ?? false,
    acceptsEmailMarketing: customer.accepts_email_marketing ?? false,
    consents: addresses.length === 0 ? [] : await tx.loadConsents(order.storeId, addresses),
  };
}
