// Order facts that storefront adapters read the same way: promise dates left in order attributes,
// local pickup recognised from shipping method names, tags, line items and money sums.

import type { JsonValue } from './exact-json.ts';
import { asArray, asDateOrInstant, asMoney, asObject, asText } from './payload-readers.ts';
import type { EventDraft } from './tracking-events.ts';

export type OrderDraft = NonNullable<EventDraft['order']>;
export type LineItemDraft = NonNullable<OrderDraft['line_items']>[number];

/** The shipping method recorded for orders the customer collects. */
export const LOCAL_PICKUP = 'local_pickup';

/**
 * Attribute names (compared lower-cased, with spaces, dashes and leading underscores folded to
 * `_`) under which checkout apps leave the delivery date promised to the customer.
 */
export const PROMISE_DATE_KEYS: ReadonlySet<string> = new Set([
  'promise_date',
  'promised_delivery_date',
  'estimated_delivery',
  'estimated_delivery_date',
  'estimated_delivery_at',
  'delivery_date',
]);

// Heuristic (documented in docs/sources.md): storefront payloads have no reliable pickup flag.
const PICKUP_WORDS = /pick[\s_-]?up|click[\s_-]*(?:&|and|n)[\s_-]*collect|collect[\s_-]+in[\s_-]+store/i;
// A parcel shipped to a pickup point or locker is still shipped.
const PICKUP_POINT = /pick[\s_-]?up[\s_-]*(?:point|station|locker|box)|parcel[\s_-]*(?:shop|locker)|relay/i;

/** True when a shipping method's name, code or id says the customer collects the order. */
export function isLocalPickup(...names: (string | undefined)[]): boolean {
  return names.some((name) => name !== undefined && PICKUP_WORDS.test(name) && !PICKUP_POINT.test(name));
}

export function foldAttributeName(name: string): string {
  return name.trim().toLowerCase().replace(/^_+/, '').replace(/[\s-]+/g, '_');
}

/** The first promise date found in name/value pairs (`note_attributes`, `meta_data`). */
export function promiseDateFrom(pairs: JsonValue | undefined, nameKey: string, valueKey: string): string | null {
  for (const entry of asArray(pairs)) {
    const pair = asObject(entry);
    const name = asText(pair?.[nameKey], 200);
    if (name === undefined || !PROMISE_DATE_KEYS.has(foldAttributeName(name))) continue;
    const date = asDateOrInstant(pair?.[valueKey]);
    if (date !== null) return date;
  }
  return null;
}

/** Comma-separated tags as a list, case kept ('VIP' stays 'VIP'). */
export function splitTags(value: JsonValue | undefined): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const tags = value.split(',').map((tag) => tag.trim().slice(0, 100)).filter((tag) => tag.length > 0);
  return [...new Set(tags)].slice(0, 250);
}

/** Line items with a title and a positive whole quantity; others (removed items) are skipped. */
export function readLineItems(value: JsonValue | undefined, titleKey: string): LineItemDraft[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items: LineItemDraft[] = [];
  for (const entry of value) {
    const item = asObject(entry);
    const title = asText(item?.[titleKey], 500) ?? asText(item?.['name'], 500);
    const quantity = item?.['quantity'];
    if (item === null || title === undefined || typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) continue;
    const sku = asText(item['sku'], 100);
    const price = asMoney(item['price']);
    items.push({ title, quantity, ...(sku === undefined ? {} : { sku }), ...(price === undefined ? {} : { price }) });
    if (items.length === 1000) break;
  }
  return items;
}

const MICRO_UNITS = 1_000_000n;

/** Exact decimal sum of money strings (no floating point); undefined when none is readable. */
export function sumMoney(values: readonly (string | undefined)[]): string | undefined {
  let total = 0n;
  let any = false;
  for (const value of values) {
    if (value === undefined) continue;
    const negative = value.startsWith('-');
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
    const units = BigInt(whole) * MICRO_UNITS + BigInt(fraction.padEnd(6, '0').slice(0, 6));
    total += negative ? -units : units;
    any = true;
  }
  if (!any) return undefined;
  const sign = total < 0n ? '-' : '';
  const absolute = total < 0n ? -total : total;
  const fraction = (absolute % MICRO_UNITS).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${absolute / MICRO_UNITS}${fraction.length < 2 ? `.${fraction.padEnd(2, '0')}` : `.${fraction}`}`;
}
