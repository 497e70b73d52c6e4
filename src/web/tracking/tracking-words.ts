// A tracking view put in words of one language: the HTML page and the JSON twin say the same.

import type { ParcelView, TrackingView } from '../../app/tracking-page.ts';
import { fill, formatDateTime, formatDay, formatDayRange, type Language } from '../shared/i18n.ts';
import type { TrackingMessages } from './messages.ts';

export function stepLabel(m: TrackingMessages, parcel: ParcelView, step: ParcelView['steps'][number]['step']): string {
  return step === 'out_for_delivery' && parcel.state === 'available_for_pickup' ? m.pickupStep : m.steps[step];
}

export function etaWords(language: Language, view: TrackingView, parcel: ParcelView): string | null {
  if (!parcel.eta) return null;
  return formatDayRange(language, parcel.eta.from, parcel.eta.to, view.settings.timeZone);
}

export function lastScanWords(language: Language, m: TrackingMessages, view: TrackingView, parcel: ParcelView): string | null {
  if (!parcel.lastScan) return null;
  const when = formatDateTime(language, parcel.lastScan.at, view.settings.timeZone);
  const place = [parcel.lastScan.city, parcel.lastScan.country].filter(Boolean).join(', ');
  return place ? `${when}, ${fill(m.inPlace, { place })}` : when;
}

export function whenWords(language: Language, view: TrackingView, iso: string | null): string | null {
  return iso ? formatDay(language, iso, view.settings.timeZone) : null;
}

/** What the customer can do about the parcel's exception, or null when nothing is wrong. */
export function adviceWords(m: TrackingMessages, parcel: ParcelView): string | null {
  if (parcel.reason) return m.advice[parcel.reason] ?? m.advice[parcel.actor === 'recipient' || parcel.actor === null ? 'unknown' : parcel.actor];
  if (parcel.state === 'delivery_attempted') return m.advice.recipient_unavailable ?? null;
  if (parcel.state === 'exception' || parcel.state === 'expired' || parcel.state === 'returning_to_sender') return m.advice.unknown;
  return null;
}

/** The JSON twin: the same facts as the page, the same privacy, with words in `language`. */
export function trackingJson(view: TrackingView, language: Language, m: TrackingMessages) {
  return {
    language,
    store: { name: view.settings.brand.name, help_url: view.settings.brand.helpUrl },
    order: {
      number: view.order.number,
      first_name: view.order.firstName,
      destination_city: view.order.city,
      status: view.order.status,
      cancelled: view.order.cancelled,
      placed_at: view.order.placedAt,
    },
    parcels: view.parcels.map((p) => ({
      carrier: p.carrier,
      tracking_number: p.trackingNumber,
      state: p.state,
      headline: m.states[p.state],
      reason: p.reason,
      reason_words: p.reason ? m.reasons[p.reason] : null,
      action_by: p.actor,
      what_you_can_do: adviceWords(m, p),
      steps: p.steps.map((s) => ({ step: s.step, label: stepLabel(m, p, s.step), status: s.status, at: s.at })),
      eta: p.eta ? { from: p.eta.from, to: p.eta.to, words: etaWords(language, view, p) } : null,
      delivered_at: p.deliveredAt,
      last_scan: p.lastScan ? { at: p.lastScan.at, city: p.lastScan.city, country: p.lastScan.country, words: lastScanWords(language, m, view, p) } : null,
      actions: p.actions,
    })),
  };
}
