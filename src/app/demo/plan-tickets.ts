// The customers who write to support during the demo week, through Zendesk: "where is my order?"
// in English, German, French and Spanish (some about parcels that are fine, some about parcels
// that are stuck), and tickets that are not about delivery at all (returns, invoices, sizes).

import type { DemoOrderPlan } from './plan-shop-week.ts';
import type { DemoTicket } from './demo-payloads.ts';
import { DAY_MS, HOUR_MS } from './plan-parcel-journey.ts';
import type { DemoRandom } from './seeded-random.ts';

type Language = 'en' | 'de' | 'fr' | 'es';
type Text = (order: string, item: string) => readonly [subject: string, text: string];

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

const WISMO: Readonly<Record<Language, readonly Text[]>> = {
  en: [
    (n) => ['Where is my order?', `Hi, I placed order ${n} a few days ago and I'm still waiting for it. Where is my order? When will it arrive?`],
    (n, item) => ['Delivery date', `Hello, when will my ${item} arrive? It's order ${n}. Thanks!`],
  ],
  de: [(n) => ['Wo ist meine Bestellung?', `Guten Tag, wo ist meine Bestellung ${n}? Ich warte schon ein paar Tage. Vielen Dank`]],
  fr: [(n) => ['Ma commande', `Bonjour, où est ma commande n° ${n.slice(1)} ? Je n'ai toujours rien reçu. Merci d'avance`]],
  es: [(n) => ['Mi pedido', `Hola, ¿dónde está mi pedido ${n}? Todavía no ha llegado. Gracias`]],
};

const STUCK: Readonly<Record<Language, Text>> = {
  en: (n) => ['Tracking not updating', `Hi, the tracking for order ${n} hasn't moved in days. Where is my package? Is it lost?`],
  de: (n) => ['Sendung bewegt sich nicht', `Hallo, die Sendungsverfolgung zu Bestellung ${n} zeigt seit Tagen keine Bewegung. Wo ist mein Paket?`],
  fr: (n) => ['Suivi bloqué', `Bonjour, le suivi de colis de ma commande n° ${n.slice(1)} est bloqué depuis plusieurs jours. Où est mon colis ?`],
  es: (n) => ['Seguimiento parado', `Hola, el seguimiento de mi pedido ${n} no se actualiza desde hace días. ¿Dónde está mi paquete?`],
};

const OTHER: readonly (readonly [Language, Text])[] = [
  ['en', (n, item) => ['Return', `Hi, I'd like to return the ${item} from order ${n}, it's too small. How do I send it back?`]],
  ['de', (n) => ['Rechnung', `Guten Tag, können Sie mir bitte eine Rechnung für Bestellung ${n} schicken? Danke`]],
  ['fr', (n) => ['Échange de taille', `Bonjour, je voudrais échanger la taille de ma commande n° ${n.slice(1)} contre une taille plus grande. Merci`]],
  ['es', (n) => ['Devolución', `Hola, quiero devolver mi pedido ${n}, no me queda bien. ¿Cómo hago la devolución?`]],
  ['en', (n, item) => ['Great service', `Just wanted to say the ${item} from order ${n} is fantastic. Thank you!`]],
];

function languageOf(order: DemoOrderPlan): Language {
  const prefix = order.facts.customer.locale.slice(0, 2);
  return prefix === 'de' || prefix === 'fr' || prefix === 'es' ? prefix : 'en';
}

export function planTickets(orders: readonly DemoOrderPlan[], random: DemoRandom, endMs: number): DemoTicket[] {
  const tickets: DemoTicket[] = [];
  const add = (order: DemoOrderPlan, atMs: number, [subject, text]: readonly [string, string], language: Language) => {
    if (atMs > endMs) return;
    const c = order.facts.customer;
    tickets.push({ id: 48_100 + tickets.length, commentId: 39_811_229_000 + tickets.length * 7, atMs, subject, text, email: c.email, name: `${c.firstName} ${c.lastName}`, language: LANGUAGE_NAMES[language] });
  };
  const item = (order: DemoOrderPlan) => order.facts.lines[0]?.title.toLowerCase() ?? 'order';
  const number = (order: DemoOrderPlan) => `#${order.facts.number}`;

  // Parcels moving normally: the question Herald can answer by itself. Every language at least once.
  const moving = orders.filter((order) => order.fate === 'delivered' && order.scans.length > 4);
  const byLanguage = new Map<Language, DemoOrderPlan[]>();
  for (const order of moving) byLanguage.set(languageOf(order), [...(byLanguage.get(languageOf(order)) ?? []), order]);
  const chosen = new Set<DemoOrderPlan>();
  for (const list of byLanguage.values()) list.slice(0, 3).forEach((order) => chosen.add(order));
  for (const order of moving) if (chosen.size < 18 && random.chance(0.12)) chosen.add(order);
  for (const order of chosen) {
    const pickedUp = order.scans.find((scan) => scan.kind === 'picked_up')!;
    const outForDelivery = order.scans.find((scan) => scan.kind === 'out_for_delivery') ?? order.scans.at(-1)!;
    const atMs = pickedUp.atMs + Math.max(HOUR_MS, (outForDelivery.atMs - pickedUp.atMs) * random.next() * 0.8);
    const language = languageOf(order);
    add(order, atMs, random.pick(WISMO[language])(number(order), item(order)), language);
  }
  // Parcels that stopped moving, or never shipped: the customer notices before anyone else.
  for (const order of orders.filter((o) => o.fate === 'stalled' || o.fate === 'unshipped')) {
    const lastMs = order.scans.at(-1)?.atMs ?? order.paidAtMs ?? order.facts.placedAtMs;
    add(order, lastMs + random.int(56, 80) * HOUR_MS, STUCK[languageOf(order)](number(order), item(order)), languageOf(order));
  }
  // Not about delivery: returns, invoices, exchanges, thanks.
  const delivered = orders.filter((order) => order.scans.at(-1)?.kind === 'delivered');
  OTHER.forEach(([language, text], index) => {
    const order = delivered[index * 3];
    if (order) add(order, order.scans.at(-1)!.atMs + random.int(20, 40) * HOUR_MS, text(number(order), item(order)), language);
  });
  // A customer who asks to cancel, and a question before buying.
  const recent = orders.find((order) => order.fate !== 'cancelled' && order.facts.placedAtMs > endMs - 2 * DAY_MS);
  if (recent) add(recent, recent.facts.placedAtMs + 2 * HOUR_MS, ['Cancel my order', `Please cancel order ${number(recent)}, I ordered the wrong colour.`], 'en');
  return tickets.sort((a, b) => a.atMs - b.atMs);
}
