// Agent context in words and in help desk shapes: the paragraph an agent pastes, the Gorgias
// HTTP-integration widget data (an object of sections whose fields a widget maps by path), and a
// Zendesk-friendly object (flat string keys, ISO-8601 times) for sidebar apps and no-code
// integrations. Dates and times in words are in the store's time zone.

import { TRACKING_FORMATS } from '../core/carriers/tracking-formats.ts';
import { localParts } from '../core/calendar/local-time.ts';
import type { EventLocation } from '../core/events/canonical-event.ts';
import type { AgentContext, OrderContext, ShipmentContext } from './agent-context.ts';

export interface Wording {
  timeZone: string;
  /** Now, to say "today" and leave out this year; null writes every date in full. */
  nowMs: number | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const CHANNEL_NAMES: Readonly<Record<string, string>> = { email: 'email', sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram', webhook: 'webhook', slack: 'Slack' };
const CARRIER_NAMES: ReadonlyMap<string, string> = new Map(TRACKING_FORMATS.map((f) => [f.carrier, f.carrierName] as const).reverse());

export function carrierName(carrier: string | null): string | null {
  if (carrier === null) return null;
  const known = CARRIER_NAMES.get(carrier);
  if (known !== undefined) return known;
  // Short codes are acronyms (GLS, TNT); longer ones are words (royal_mail: Royal Mail).
  if (carrier.length <= 4) return carrier.toUpperCase();
  return carrier.split(/[_-]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export function formatLocation(location: EventLocation | null): string | null {
  if (!location) return null;
  const parts = [location.city, location.region ?? location.country].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length > 0) return parts.join(', ');
  return location.description?.trim() || null;
}

/** "Order #1001 (placed 25 Nov): Shipped, 2 parcels. UPS 1Z…: out for delivery today, last scan 09:12 in Brooklyn, NY. …" */
export function describeOrder(order: Omit<OrderContext, 'summary'>, wording: Wording): string {
  const name = order.number ? `Order ${order.number.startsWith('#') ? '' : '#'}${order.number}` : `Order ${order.ref}`;
  const placed = order.placed_at ? ` (placed ${day(order.placed_at, wording)})` : '';
  const live = order.shipments.filter((s) => s.state !== 'cancelled');
  const parcels = live.length === 0 ? 'no parcel yet' : live.length === 1 ? '1 parcel' : `${live.length} parcels`;
  const sentences = [`${name}${placed}: ${order.status_words}, ${parcels}.`];
  for (const shipment of order.shipments) sentences.push(`${describeShipment(shipment, wording)}.`);
  const sent = order.messages.filter((m) => m.sent);
  const unsent = order.messages.length - sent.length;
  if (sent.length > 0) {
    const list = sent.map((m) => `${words(m.milestone).toLowerCase()} by ${CHANNEL_NAMES[m.channel] ?? m.channel} on ${day(m.at, wording)} (${m.status})`);
    sentences.push(`We sent ${sent.length === 1 ? '1 message' : `${sent.length} messages`}: ${list.join(', ')}.`);
  } else {
    sentences.push('We have sent no message about it yet.');
  }
  if (unsent > 0) sentences.push(`${unsent === 1 ? '1 more was' : `${unsent} more were`} not sent (${order.messages.filter((m) => !m.sent).map((m) => m.status).join(', ')}).`);
  for (const k of order.open_cases) sentences.push(`Open case: ${k.summary} (${k.team}, ${k.priority} priority).`);
  return sentences.join(' ');
}

/** The matched (else newest) order in full, then the customer's other recent orders in one sentence. */
export function describeContext(orders: readonly OrderContext[]): string {
  const main = orders.find((o) => o.matched) ?? orders[0];
  if (!main) return '';
  const others = orders.filter((o) => o !== main);
  if (others.length === 0) return main.summary;
  const list = others.map((o) => `${o.number ?? o.ref} (${o.status_words.toLowerCase()})`).join(', ');
  return `${main.summary} Other recent orders: ${list}.`;
}

function describeShipment(s: ShipmentContext, wording: Wording): string {
  const head = s.carrier_name ? `${s.carrier_name} ${s.tracking_number}` : s.tracking_number;
  const place = s.last_scan_place ? ` in ${s.last_scan_place}` : '';
  if (s.state === 'delivered') {
    const at = s.state_since ?? s.last_scan_at;
    return `${head}: delivered${at ? ` on ${day(at, wording)} at ${clock(at, wording)}` : ''}${place}`;
  }
  let text = `${head}: ${lowerFirst(s.state_words)}`;
  if (s.reason_words) text += ` (${lowerFirst(s.reason_words)})`;
  if (s.last_scan_at) text += `, last scan ${when(s.last_scan_at, wording)}${place}`;
  if (s.estimated_delivery_at && !['returned_to_sender', 'cancelled'].includes(s.state)) text += `, expected ${day(s.estimated_delivery_at, wording)}`;
  return text;
}

/** Gorgias HTTP integration: sections of string fields and lists of cards, mapped by path in a widget. */
export function toGorgias(context: AgentContext) {
  const main = context.orders.find((o) => o.matched) ?? context.orders[0]!;
  const order = (o: OrderContext) => ({
    order: o.number ?? o.ref,
    ref: o.ref,
    status: o.status_words,
    needs_attention: o.needs_attention ? 'yes' : 'no',
    placed_at: o.placed_at ?? '',
    total: o.total && o.currency ? `${o.total} ${o.currency}` : (o.total ?? ''),
    summary: o.summary,
    parcels: o.shipments.map((s) => ({
      carrier: carrierName(s.carrier) ?? '',
      tracking_number: s.tracking_number,
      status: s.state_words,
      problem: s.reason_words ?? '',
      action_by: s.action_by ?? '',
      estimated_delivery_at: s.estimated_delivery_at ?? '',
      last_scan_at: s.last_scan_at ?? '',
      last_scan_place: s.last_scan_place ?? '',
    })),
    messages: o.messages.map((m) => ({ milestone: words(m.milestone), channel: CHANNEL_NAMES[m.channel] ?? m.channel, at: m.at, status: m.status, note: m.status_reason ?? '' })),
    open_cases: o.open_cases.map((k) => ({ reason: words(k.reason), summary: k.summary, team: k.team, priority: k.priority, opened_at: k.opened_at })),
  });
  return {
    herald: {
      summary: context.summary,
      searched: `${context.query.field}: ${context.query.value}`,
      order_count: String(context.orders.length),
      time_zone: context.time_zone,
    },
    latest_order: order(main),
    orders: context.orders.map(order),
  };
}

/** Zendesk: one flat object of strings (ISO-8601 times) for the main order, plus the orders as flat rows. */
export function toZendesk(context: AgentContext) {
  const main = context.orders.find((o) => o.matched) ?? context.orders[0]!;
  const parcel = main.shipments[0];
  const flat = (o: OrderContext) => ({
    order_number: o.number ?? '',
    order_ref: o.ref,
    order_status: o.status,
    order_status_words: o.status_words,
    needs_attention: o.needs_attention ? 'true' : 'false',
    placed_at: o.placed_at ?? '',
    total: o.total ?? '',
    currency: o.currency ?? '',
    parcel_count: String(o.shipments.length),
    tracking_numbers: o.shipments.map((s) => s.tracking_number).join(', '),
    carriers: o.shipments.map((s) => carrierName(s.carrier) ?? '').join(', '),
    parcel_statuses: o.shipments.map((s) => s.state_words).join(' | '),
    messages_sent: String(o.messages.filter((m) => m.sent).length),
    last_message_at: o.messages.map((m) => m.at).sort().at(-1) ?? '',
    open_case_count: String(o.open_cases.length),
    open_cases: o.open_cases.map((k) => `${k.summary} (${k.team}, ${k.priority})`).join(' | '),
    order_summary: o.summary,
  });
  return {
    summary: context.summary,
    searched_field: context.query.field,
    searched_value: context.query.value,
    order_count: String(context.orders.length),
    time_zone: context.time_zone,
    ...flat(main),
    parcel_1_carrier: carrierName(parcel?.carrier ?? null) ?? '',
    parcel_1_tracking_number: parcel?.tracking_number ?? '',
    parcel_1_status: parcel?.state_words ?? '',
    parcel_1_estimated_delivery_at: parcel?.estimated_delivery_at ?? '',
    parcel_1_last_scan_at: parcel?.last_scan_at ?? '',
    parcel_1_last_scan_place: parcel?.last_scan_place ?? '',
    orders: context.orders.map(flat),
  };
}

function words(code: string): string {
  const text = code.replace(/[_:]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function day(iso: string, wording: Wording): string {
  const parts = localParts(Date.parse(iso), wording.timeZone);
  const thisYear = wording.nowMs !== null && localParts(wording.nowMs, wording.timeZone).year === parts.year;
  return `${parts.day} ${MONTHS[parts.month - 1]}${thisYear ? '' : ` ${parts.year}`}`;
}

function clock(iso: string, wording: Wording): string {
  const parts = localParts(Date.parse(iso), wording.timeZone);
  return `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`;
}

/** "09:12 today" when it is today, else "09:12 on 27 Nov". */
function when(iso: string, wording: Wording): string {
  const today = wording.nowMs !== null && localParts(wording.nowMs, wording.timeZone).date === localParts(Date.parse(iso), wording.timeZone).date;
  return today ? `${clock(iso, wording)} today` : `${clock(iso, wording)} on ${day(iso, wording)}`;
}
