// The words of Herald's public answer to a routine "where is my order" ticket, in English,
// German, French and Spanish: a greeting by first name, each parcel's carrier, tracking number,
// status, expected date and last scan town, nothing internal.

import type { EventLocation } from '../core/events/canonical-event.ts';
import type { TicketLanguage } from '../core/tickets/classify-ticket.ts';
import type { ShipmentState } from '../core/vocabulary/shipment-states.ts';
import { carrierName, formatLocation } from './agent-context-views.ts';

/** Parcel states a routine answer can describe; any other needs a person. */
export type RoutineState = 'pending' | 'label_created' | 'in_transit' | 'out_for_delivery' | 'available_for_pickup' | 'delivered';
const ROUTINE_STATES: ReadonlySet<ShipmentState> = new Set<RoutineState>(['pending', 'label_created', 'in_transit', 'out_for_delivery', 'available_for_pickup', 'delivered']);

export function isRoutineParcelState(state: ShipmentState): state is RoutineState {
  return ROUTINE_STATES.has(state);
}

/** One parcel as the customer's reply describes it. */
export interface ReplyParcel {
  carrier: string | null;
  trackingNumber: string;
  state: ShipmentState;
  since: string | null;
  estimatedDeliveryAt: string | null;
  lastLocation: EventLocation | null;
}

interface ReplyWords {
  locale: string;
  hello: (name: string | null) => string;
  intro: (order: string | null) => string;
  parcel: string;
  states: Record<RoutineState, string>;
  deliveredOn: (date: string) => string;
  expected: (date: string) => string;
  lastScan: (place: string) => string;
  nothingShipped: string;
  closing: string;
  regards: string;
}

const REPLY_WORDS: Readonly<Record<TicketLanguage, ReplyWords>> = {
  en: {
    locale: 'en-US',
    hello: (name) => (name ? `Hi ${name},` : 'Hello,'),
    intro: (order) => `Thank you for your message. Here is the latest on your order${order ? ` ${order}` : ''}:`,
    parcel: 'Parcel',
    states: {
      pending: 'the carrier has not shared any tracking details yet',
      label_created: 'packed and labelled, waiting for the carrier to pick it up',
      in_transit: 'on its way',
      out_for_delivery: 'out for delivery',
      available_for_pickup: 'ready for you to collect at the pickup point',
      delivered: 'delivered',
    },
    deliveredOn: (date) => `delivered on ${date}`,
    expected: (date) => `expected on ${date}`,
    lastScan: (place) => `last scanned in ${place}`,
    nothingShipped: 'We have received your order and are getting it ready. As soon as it ships, you will receive the tracking details.',
    closing: 'If you have any other question, just reply to this message.',
    regards: 'Best regards,',
  },
  de: {
    locale: 'de-DE',
    hello: (name) => (name ? `Hallo ${name},` : 'Guten Tag,'),
    intro: (order) => `vielen Dank für Ihre Nachricht. Hier der aktuelle Stand Ihrer Bestellung${order ? ` ${order}` : ''}:`,
    parcel: 'Paket',
    states: {
      pending: 'der Versanddienst hat noch keine Sendungsdaten übermittelt',
      label_created: 'verpackt und versandfertig, wartet auf die Abholung durch den Versanddienst',
      in_transit: 'unterwegs zu Ihnen',
      out_for_delivery: 'in der Zustellung',
      available_for_pickup: 'liegt zur Abholung an der Abholstelle bereit',
      delivered: 'zugestellt',
    },
    deliveredOn: (date) => `zugestellt am ${date}`,
    expected: (date) => `voraussichtlich am ${date}`,
    lastScan: (place) => `zuletzt erfasst in ${place}`,
    nothingShipped: 'Wir haben Ihre Bestellung erhalten und bereiten sie gerade vor. Sobald sie versendet ist, erhalten Sie die Sendungsverfolgung.',
    closing: 'Bei weiteren Fragen antworten Sie einfach auf diese Nachricht.',
    regards: 'Viele Grüße',
  },
  fr: {
    locale: 'fr-FR',
    hello: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    intro: (order) => `Merci pour votre message. Voici où en est votre commande${order ? ` ${order}` : ''} :`,
    parcel: 'Colis',
    states: {
      pending: "le transporteur n'a pas encore transmis d'informations de suivi",
      label_created: "emballé et étiqueté, en attente de prise en charge par le transporteur",
      in_transit: 'en route vers vous',
      out_for_delivery: 'en cours de livraison',
      available_for_pickup: 'disponible au point de retrait',
      delivered: 'livré',
    },
    deliveredOn: (date) => `livré le ${date}`,
    expected: (date) => `livraison prévue le ${date}`,
    lastScan: (place) => `dernier passage à ${place}`,
    nothingShipped: 'Nous avons bien reçu votre commande et la préparons. Vous recevrez le numéro de suivi dès son expédition.',
    closing: 'Pour toute autre question, répondez simplement à ce message.',
    regards: 'Cordialement,',
  },
  es: {
    locale: 'es-ES',
    hello: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    intro: (order) => `Gracias por su mensaje. Este es el estado actual de su pedido${order ? ` ${order}` : ''}:`,
    parcel: 'Paquete',
    states: {
      pending: 'la empresa de transporte aún no ha compartido datos de seguimiento',
      label_created: 'embalado y etiquetado, a la espera de que lo recoja la empresa de transporte',
      in_transit: 'en camino',
      out_for_delivery: 'en reparto',
      available_for_pickup: 'listo para recoger en el punto de recogida',
      delivered: 'entregado',
    },
    deliveredOn: (date) => `entregado el ${date}`,
    expected: (date) => `entrega prevista el ${date}`,
    lastScan: (place) => `último escaneo en ${place}`,
    nothingShipped: 'Hemos recibido su pedido y lo estamos preparando. En cuanto se envíe, recibirá los datos de seguimiento.',
    closing: 'Si tiene cualquier otra pregunta, responda a este mensaje.',
    regards: 'Saludos cordiales,',
  },
};

/** The public reply to a routine WISMO ticket, in the ticket's language (English when unknown). */
export function composeTicketReply(input: { language: TicketLanguage | null; firstName: string | null; orderNumber: string | null; parcels: readonly ReplyParcel[]; timeZone: string; shopName: string }): string {
  const words = REPLY_WORDS[input.language ?? 'en'];
  const date = dateFormat(words.locale, input.timeZone);
  const order = input.orderNumber ? (input.orderNumber.startsWith('#') ? input.orderNumber : `#${input.orderNumber}`) : null;
  const lines = [words.hello(input.firstName), '', words.intro(order), ''];
  if (input.parcels.length === 0) lines.push(words.nothingShipped);
  for (const parcel of input.parcels) {
    const state = isRoutineParcelState(parcel.state) ? parcel.state : 'in_transit';
    const parts = [state === 'delivered' && parcel.since ? words.deliveredOn(date(parcel.since)) : words.states[state]];
    if (state !== 'delivered' && parcel.estimatedDeliveryAt) parts.push(words.expected(date(parcel.estimatedDeliveryAt)));
    const place = formatLocation(parcel.lastLocation);
    if (place) parts.push(words.lastScan(place));
    const carrier = carrierName(parcel.carrier);
    lines.push(`- ${words.parcel} ${carrier ? `${carrier} ` : ''}${parcel.trackingNumber}: ${parts.join(', ')}.`);
  }
  lines.push('', words.closing, '', words.regards, input.shopName);
  return lines.join('\n');
}

/** "Friday, November 20" in the customer's language and the store's time zone (UTC when it is unknown). */
function dateFormat(locale: string, timeZone: string): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  } catch {
    format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
  }
  return (iso) => format.format(new Date(iso));
}
