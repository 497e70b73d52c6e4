// The demo week as data: who orders what and when, what happens to each parcel, and every webhook
// the shop's systems send about it, in the order they are sent. Pure: a seed and a start time in,
// the same week out. Nothing after `endMs` is sent: the week ends "now".

import { COUNTRIES, ORIGIN, PRODUCTS, type DemoCountry } from './demo-catalog.ts';
import { aftershipBody, easypostBody, easypostCanSay, shopifyFulfillmentBody, shopifyOrderBody, zendeskTicketBody, type DemoCustomer, type DemoLine, type DemoOrderFacts, type DemoParcel, type DemoScan } from './demo-payloads.ts';
import { generateTrackingNumber, type DemoCarrier } from './demo-tracking-numbers.ts';
import { DAY_MS, HOUR_MS, planJourney, type DemoFate, type JourneyInput } from './plan-parcel-journey.ts';
import { planTickets } from './plan-tickets.ts';
import { createDemoRandom, type DemoRandom } from './seeded-random.ts';

export const DEMO_SOURCES = ['shopify', 'aftership', 'easypost', 'zendesk'] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];

/** One webhook to send: the provider, its topic (Shopify's `X-Shopify-Topic`), and the exact bytes. */
export interface DemoDelivery {
  atMs: number;
  source: DemoSource;
  topic: string | null;
  /** Shopify's `X-Shopify-Webhook-Id`. */
  deliveryId: string;
  body: string;
}

export interface DemoOrderPlan {
  facts: DemoOrderFacts;
  fate: DemoFate;
  international: boolean;
  vip: boolean;
  paidAtMs: number | null;
  parcel: DemoParcel | null;
  tracker: 'aftership' | 'easypost' | null;
  /** Every scan of the journey, including those after the week ends. */
  scans: DemoScan[];
}

export interface DemoPlan {
  startMs: number;
  endMs: number;
  orders: DemoOrderPlan[];
  deliveries: DemoDelivery[];
  tickets: number;
}

export interface PlanOptions {
  startMs: number;
  days?: number;
  orders?: number;
  seed?: number;
}

/** When people shop, in local hours with weights: a little at night, most in the evening. */
const LOCAL_ORDER_HOURS: readonly (readonly [number, number])[] = [
  [0, 2], [1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 2], [7, 3], [8, 3], [9, 4], [10, 4], [11, 4],
  [12, 5], [13, 4], [14, 4], [15, 4], [16, 4], [17, 5], [18, 6], [19, 7], [20, 8], [21, 8], [22, 6], [23, 4],
];

/** At least this many parcels of each fate among the early orders, so every timer has time to fire. */
const MINIMUM_FATES: readonly (readonly [DemoFate, number, 'domestic' | 'international'])[] = [
  ['stalled', 3, 'domestic'],
  ['attempted', 2, 'domestic'],
  ['attempted_twice', 1, 'domestic'],
  ['returned', 1, 'domestic'],
  ['lost', 1, 'domestic'],
  ['customs_hold', 2, 'international'],
];

export function planShopWeek(options: PlanOptions): DemoPlan {
  const days = options.days ?? 7;
  const count = options.orders ?? 200;
  const seed = options.seed ?? 20261120;
  const random = createDemoRandom(seed);
  const startMs = options.startMs;
  const endMs = startMs + days * DAY_MS;
  const taken = new Set<string>();

  const drafts = Array.from({ length: count }, (_, index) => {
    const country = weighted(random, COUNTRIES);
    const day = Math.min(days - 1, Math.floor((index / count) * days));
    const hour = (weighted(random, LOCAL_ORDER_HOURS) - country.utcOffsetHours + 24) % 24;
    return { country, placedAtMs: startMs + day * DAY_MS + hour * HOUR_MS + random.int(0, 3599) * 1000 };
  }).sort((a, b) => a.placedAtMs - b.placedAtMs);

  const orders = drafts.map((draft, index) => draftOrder(random, index, draft.placedAtMs, draft.country));
  ensureFates(orders, startMs + 2.5 * DAY_MS);
  for (const order of orders) shipOrder(order, random, taken);
  ensureReviewRequest(orders, endMs, createDemoRandom(seed + 1));

  const deliveries: DemoDelivery[] = [];
  for (const order of orders) deliveries.push(...orderDeliveries(order, random));
  const tickets = planTickets(orders, random, endMs);
  for (const ticket of tickets) deliveries.push({ atMs: ticket.atMs, source: 'zendesk', topic: 'ticket.created', deliveryId: uuid(random), body: zendeskTicketBody(ticket) });
  const sent = deliveries.filter((delivery) => delivery.atMs >= startMs && delivery.atMs <= endMs).sort((a, b) => a.atMs - b.atMs);
  return { startMs, endMs, orders, deliveries: sent, tickets: tickets.filter((ticket) => ticket.atMs <= endMs).length };
}

function draftOrder(random: DemoRandom, index: number, placedAtMs: number, country: DemoCountry): DemoOrderPlan {
  const customer = draftCustomer(random, country, index);
  const lines: DemoLine[] = [];
  for (let n = random.int(1, random.chance(0.3) ? 3 : 1); n > 0; n--) {
    const product = random.pick(PRODUCTS);
    if (lines.some((line) => line.sku === product.sku)) continue;
    lines.push({ id: 14_350_912_306_000 + index * 10 + lines.length, sku: product.sku, title: product.title, price: product.price, quantity: random.chance(0.15) ? 2 : 1 });
  }
  const international = country.code !== ORIGIN.country;
  const vip = random.chance(0.07);
  const gateway = random.chance(0.05) ? 'bank_transfer' : random.chance(0.08) ? 'paypal' : 'shopify_payments';
  const promiseMs = placedAtMs + (country.transitDays[1] + 3) * DAY_MS;
  const facts: DemoOrderFacts = {
    id: 5_843_956_000_000 + index * 137,
    number: 1001 + index,
    placedAtMs,
    customer,
    lines,
    shippingTitle: international ? 'International Express' : random.chance(0.2) ? 'Express Shipping' : 'Standard Shipping',
    shippingPrice: international ? 24.95 : 7.95,
    tags: vip ? ['VIP'] : [],
    promiseDate: new Date(promiseMs).toISOString().slice(0, 10),
    gateway,
  };
  const roll = random.next();
  const fate: DemoFate =
    roll < 0.04 ? 'cancelled'
    : roll < 0.06 ? 'unshipped'
    : international ? (random.chance(0.35) ? 'customs_hold' : 'delivered')
    : roll < 0.11 ? 'stalled'
    : roll < 0.16 ? 'attempted'
    : roll < 0.18 ? 'attempted_twice'
    : roll < 0.2 ? 'returned'
    : roll < 0.21 ? 'lost'
    : 'delivered';
  return { facts, fate, international, vip, paidAtMs: null, parcel: null, tracker: null, scans: [] };
}

function draftCustomer(random: DemoRandom, country: DemoCountry, index: number): DemoCustomer {
  const firstName = random.pick(country.firstNames);
  const lastName = random.pick(country.lastNames);
  const [city, region, zip] = random.pick(country.towns);
  const phone = random.chance(0.6) ? `${country.phonePrefix}${random.chars(13 - country.phonePrefix.length)}` : null;
  const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  return {
    id: 7_390_912_376_000 + index * 31,
    email: `${ascii(firstName)}.${ascii(lastName)}${index}@example.com`,
    firstName,
    lastName,
    phone,
    locale: random.pick(country.locales),
    acceptsMarketing: random.chance(0.55),
    acceptsSms: phone !== null && random.chance(0.5),
    address: { city, region, zip, countryCode: country.code, countryName: country.name },
  };
}

/** Give early orders the fates the demo must show, where chance did not. */
function ensureFates(orders: DemoOrderPlan[], earlyBeforeMs: number): void {
  for (const [fate, minimum, kind] of MINIMUM_FATES) {
    const have = orders.filter((order) => order.fate === fate && order.facts.placedAtMs < earlyBeforeMs).length;
    const candidates = orders.filter((order) => order.fate === 'delivered' && order.facts.placedAtMs < earlyBeforeMs && order.international === (kind === 'international'));
    for (const order of candidates.slice(0, Math.max(0, minimum - have))) order.fate = fate;
  }
  // One stalled parcel belongs to a VIP: that one gets a case for a person, not a message.
  const stalled = orders.find((order) => order.fate === 'stalled' && order.facts.placedAtMs < earlyBeforeMs);
  if (stalled && !orders.some((order) => order.fate === 'stalled' && order.vip)) {
    stalled.vip = true;
    stalled.facts = { ...stalled.facts, tags: ['VIP'] };
  }
}

function shipOrder(order: DemoOrderPlan, random: DemoRandom, taken: Set<string>): void {
  const { facts } = order;
  if (order.fate === 'cancelled') return;
  order.paidAtMs = facts.gateway === 'bank_transfer' ? facts.placedAtMs + random.int(6, 30) * HOUR_MS : facts.placedAtMs + random.int(4, 40) * 1000;
  if (order.fate === 'unshipped') return;
  const country = COUNTRIES.find(([c]) => c.code === facts.customer.address.countryCode)![0];
  const carrier: DemoCarrier = weighted(random, country.carriers.map(([c, w]) => [c, w] as const));
  const shippedAtMs = warehouseSlot(order.paidAtMs + random.int(2, 20) * HOUR_MS, random);
  const journey = planJourney(
    {
      carrier,
      fate: order.fate,
      shippedAtMs,
      destination: destinationOf(facts),
      transitDays: random.int(country.transitDays[0], country.transitDays[1]),
    },
    random,
  );
  order.scans = journey.scans.sort((a, b) => a.atMs - b.atMs);
  order.parcel = {
    carrier,
    trackingNumber: generateTrackingNumber(carrier, random, { international: order.international, taken }),
    trackerId: random.chars(24, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    fulfillmentId: 4_771_000_000_000 + facts.number,
    shippedAtMs,
    estimatedDelivery: journey.estimatedDelivery,
  };
  // EasyPost cannot say "attempted" or "held in customs": those parcels are tracked by AfterShip.
  const easypostOk = !order.international && carrier !== 'dhl' && order.scans.every((scan) => easypostCanSay(scan.kind));
  order.tracker = easypostOk && random.chance(0.5) ? 'easypost' : 'aftership';
}

/** The default pack's review request goes out 4 days after delivery; an hour's room for the send. */
const REVIEW_LANDS_MS = 4 * DAY_MS + HOUR_MS;
/** Most parcels sent again as next-day express to land a review request. */
const MOST_RESHIPPED = 3;

/**
 * The demo shows a review request, which goes out 4 days after delivery. On a week that starts on
 * a Friday or Saturday evening, chance and the Sunday without pickups can leave no parcel
 * delivered early enough for one to land before the week ends (now). Then the earliest domestic
 * parcels (MOST_RESHIPPED at most) are sent again as next-day express (packed within the hour,
 * one day in transit), with a random stream of their own so the rest of the week stays as it
 * was, until one lands. A week that starts late on a Friday may still show none. Its
 * customer accepts email marketing: the review request is marketing.
 */
function ensureReviewRequest(orders: DemoOrderPlan[], endMs: number, random: DemoRandom): void {
  const delivered = orders.filter((order) => order.fate === 'delivered' && !order.international && !order.vip && order.parcel !== null);
  const lands = (order: DemoOrderPlan) => order.scans.some((scan) => scan.kind === 'delivered' && scan.atMs + REVIEW_LANDS_MS <= endMs);
  let chosen = delivered.find((order) => lands(order) && order.facts.customer.acceptsMarketing) ?? delivered.find(lands);
  for (const order of chosen ? [] : delivered.slice(0, MOST_RESHIPPED)) {
    const parcel = order.parcel!;
    const shippedAtMs = warehouseSlot(order.paidAtMs! + HOUR_MS, random);
    const journey = planJourney({ carrier: parcel.carrier, fate: order.fate, shippedAtMs, destination: destinationOf(order.facts), transitDays: 1 }, random);
    order.scans = journey.scans.sort((a, b) => a.atMs - b.atMs);
    order.parcel = { ...parcel, shippedAtMs, estimatedDelivery: journey.estimatedDelivery };
    order.facts = { ...order.facts, shippingTitle: 'Next Day Express' };
    if (lands(order)) {
      chosen = order;
      break;
    }
  }
  if (chosen) chosen.facts = { ...chosen.facts, customer: { ...chosen.facts.customer, acceptsMarketing: true } };
}

/** Where the parcel goes, as a journey names places. */
function destinationOf(facts: DemoOrderFacts): JourneyInput['destination'] {
  const { address } = facts.customer;
  return { city: address.city, region: address.region, country: address.countryCode };
}

/** The warehouse packs Monday to Saturday, 13:00-22:00 UTC (8 am to 5 pm in Ohio). */
function warehouseSlot(ms: number, random: DemoRandom): number {
  let slot = ms;
  for (let guard = 0; guard < 8; guard++) {
    const date = new Date(slot);
    const hour = date.getUTCHours();
    if (date.getUTCDay() !== 0 && hour >= 13 && hour < 22) return slot;
    const day = Math.floor(slot / DAY_MS) * DAY_MS;
    slot = hour < 13 ? day + 13 * HOUR_MS + random.int(0, 120) * 60_000 : day + DAY_MS + 13 * HOUR_MS + random.int(0, 120) * 60_000;
  }
  return slot;
}

function orderDeliveries(order: DemoOrderPlan, random: DemoRandom): DemoDelivery[] {
  const { facts } = order;
  const out: DemoDelivery[] = [];
  const shopify = (atMs: number, topic: string, body: string) => out.push({ atMs, source: 'shopify', topic, deliveryId: uuid(random), body });
  shopify(facts.placedAtMs + random.int(1, 5) * 1000, 'orders/create', shopifyOrderBody(facts, { kind: 'placed' }));
  if (order.fate === 'cancelled') {
    const cancelledAtMs = facts.placedAtMs + random.int(1, 5) * HOUR_MS;
    shopify(cancelledAtMs + 3000, 'orders/cancelled', shopifyOrderBody(facts, { kind: 'cancelled', atMs: cancelledAtMs }));
    return out;
  }
  if (order.paidAtMs !== null) shopify(order.paidAtMs + random.int(1, 4) * 1000, 'orders/paid', shopifyOrderBody(facts, { kind: 'paid', atMs: order.paidAtMs }));
  const parcel = order.parcel;
  if (parcel === null) return out;
  shopify(parcel.shippedAtMs + random.int(2, 9) * 1000, 'fulfillments/create', shopifyFulfillmentBody(facts, parcel));
  order.scans.forEach((scan, index) => {
    // Tracking providers poll the carrier: each scan arrives a few minutes after it happened.
    const sentAtMs = scan.atMs + random.int(3, 25) * 60_000;
    const history = order.scans.slice(0, index + 1);
    if (order.tracker === 'easypost') out.push({ atMs: sentAtMs, source: 'easypost', topic: null, deliveryId: '', body: easypostBody(parcel, history, `evt_${random.chars(24, 'abcdef0123456789')}`, sentAtMs) });
    else out.push({ atMs: sentAtMs, source: 'aftership', topic: null, deliveryId: '', body: aftershipBody(facts, parcel, history, uuid(random), sentAtMs) });
  });
  return out;
}

function weighted<T>(random: DemoRandom, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items.at(-1)![0];
}

function uuid(random: DemoRandom): string {
  const hex = random.chars(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
