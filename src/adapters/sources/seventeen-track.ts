// 17TRACK API v2 webhooks. Signature: header `sign` = hex SHA-256 of `<raw body>/<API key>`.
// Body: { event: TRACKING_UPDATED | TRACKING_STOPPED, data: { number, carrier, tag, track_info } }.
// Checkpoints are `track_info.tracking.providers[].events[]`, newest first; an event names its status
// by `sub_status` (API v2.2+) or `stage` (a milestone), or not at all (see `inferCodes`).

import type { JsonValue } from './exact-json.ts';
import { asArray, asDateOrInstant, asInstant, asObject, asRef, asText, compact, decodeJsonBody, requireObject, requireTrackingNumber, type JsonObject } from './payload-readers.ts';
import { bytesEqual, decodeHex, refuse, sha256, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { buildTrackingEvents, trackingCodes, type Checkpoint, type LocationDraft, type TrackingCodes } from './tracking-events.ts';

const SOURCE = '17track';
const SIGNATURE_HEADER = 'sign';

/** 17TRACK milestone stages as status codes of its own vocabulary (main status, sub-status). */
const STAGE_CODES: ReadonlyMap<string, TrackingCodes> = new Map([
  ['InfoReceived', { parent: 'InfoReceived', sub: 'InfoReceived' }],
  ['PickedUp', { parent: 'InTransit', sub: 'InTransit_PickedUp' }],
  ['Departure', { parent: 'InTransit', sub: 'InTransit_Departure' }],
  ['Arrival', { parent: 'InTransit', sub: 'InTransit_Arrival' }],
  ['AvailableForPickup', { parent: 'AvailableForPickup', sub: 'AvailableForPickup_Other' }],
  ['OutForDelivery', { parent: 'OutForDelivery', sub: 'OutForDelivery_Other' }],
  ['Delivered', { parent: 'Delivered', sub: 'Delivered_Other' }],
  ['Returning', { parent: 'Exception', sub: 'Exception_Returning' }],
  ['Returned', { parent: 'Exception', sub: 'Exception_Returned' }],
  ['Failure', { parent: 'DeliveryFailure', sub: 'DeliveryFailure_Other' }],
]);

/** Statuses past "moving through the network": an uncoded scan after one of these keeps it. */
const LATE_STAGE_PARENTS: ReadonlySet<string> = new Set(['OutForDelivery', 'AvailableForPickup', 'DeliveryFailure', 'Delivered', 'Exception', 'Expired']);
const UNCODED_SCAN: TrackingCodes = { parent: 'InTransit', sub: 'InTransit_Other' };

export const seventeenTrackAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers[SIGNATURE_HEADER]?.trim();
    if (header === undefined || header === '') return refuse('missing sign header');
    if (secrets.secret === '') return refuse('no 17TRACK API key is configured for this source');
    const given = decodeHex(header);
    if (given === null) return refuse('malformed sign header: expected hex SHA-256');
    const expected = sha256(request.body, `/${secrets.secret}`);
    return bytesEqual(given, expected) ? VERIFIED : refuse('signature mismatch: check the 17TRACK API key (the security key of the webhook)');
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    const topic = asText(body['event'], 100) ?? null;
    if (topic !== 'TRACKING_UPDATED') return { deliveryId: null, topic, events: [] };

    const data = requireObject(SOURCE, body['data'], 'data');
    const trackingNumber = requireTrackingNumber(SOURCE, data['number'], 'data.number');
    const info = requireObject(SOURCE, data['track_info'], 'data.track_info');
    const providers = asArray(asObject(info['tracking'])?.['providers'])
      .map((value) => asObject(value))
      .filter((value): value is JsonObject => value !== null);
    const firstProvider = asObject(providers[0]?.['provider']);
    const carrierCode = asRef(data['carrier']);
    const latestStatus = asObject(info['latest_status']);
    const latestCodes = trackingCodes(latestStatus?.['status'], latestStatus?.['sub_status']);
    const latestEvent = asObject(info['latest_event']);
    const edd = asObject(asObject(info['time_metrics'])?.['estimated_delivery_date']);
    const rawEvents = providers.flatMap((provider) => asArray(provider['events']));
    const events = buildTrackingEvents({
      source: SOURCE,
      provider: '17track',
      trackerKey: `${carrierCode ?? ''}/${trackingNumber}`,
      trackingNumber,
      carrier: asText(firstProvider?.['alias'], 60) ?? asText(firstProvider?.['name'], 60) ?? carrierCode ?? undefined,
      orderRef: null,
      checkpoints: readCheckpoints(rawEvents, latestCodes),
      latest: {
        codes: latestCodes,
        updatedAt: eventTime(latestEvent) ?? asInstant(providers[0]?.['latest_sync_time']),
        estimatedDeliveryAt: asDateOrInstant(edd?.['to']) ?? asDateOrInstant(edd?.['from']),
      },
      promiseDate: null,
      attributes: compact({
        carrier_code: carrierCode ?? undefined,
        tag: asText(data['tag'], 200),
        service_type: asText(asObject(info['misc_info'])?.['service_type'], 200),
        edd_from: asDateOrInstant(edd?.['from']) ?? undefined,
        edd_source: asText(edd?.['source'], 60),
      }) ?? {},
      receivedAt: new Date(request.receivedAtMs).toISOString(),
    });
    return { deliveryId: null, topic, events };
  },
};

function eventTime(event: JsonObject | null) {
  return asInstant(event?.['time_utc']) ?? asInstant(event?.['time_iso']);
}

interface RawCheckpoint {
  checkpoint: Omit<Checkpoint, 'codes'>;
  codes: TrackingCodes | null;
}

/**
 * Events without `sub_status` or `stage` are still carrier scans. Read oldest first, such a scan
 * is `InTransit_Other` (17TRACK's own "other in-transit event"), unless an earlier coded event was
 * already past transit (out for delivery, delivered, ...), whose codes it then keeps. The newest
 * event, uncoded, takes the tracker's latest status. Inferred codes are marked `status_inferred`.
 */
function readCheckpoints(values: readonly JsonValue[], latest: TrackingCodes | null): Checkpoint[] {
  const raw = values.flatMap((value) => readCheckpoint(value) ?? []);
  raw.sort((a, b) => (a.checkpoint.occurredAt.iso < b.checkpoint.occurredAt.iso ? -1 : 1));
  let previous: TrackingCodes | null = null;
  return raw.map(({ checkpoint, codes }, index) => {
    if (codes !== null) {
      previous = codes;
      return { ...checkpoint, codes };
    }
    const isNewest = index === raw.length - 1;
    const inferred = isNewest && latest !== null ? latest : previous !== null && LATE_STAGE_PARENTS.has(previous.parent) ? previous : UNCODED_SCAN;
    return { ...checkpoint, codes: inferred, attributes: { ...checkpoint.attributes, status_inferred: true } };
  });
}

function readCheckpoint(value: JsonValue): RawCheckpoint | null {
  const event = asObject(value);
  const occurredAt = eventTime(event);
  if (event === null || occurredAt === null) return null;
  const address = asObject(event['address']);
  const location: LocationDraft | undefined = compact({
    city: asText(address?.['city'], 200),
    region: asText(address?.['state'], 200),
    postal_code: asText(address?.['postal_code'], 40),
    country: asText(address?.['country'], 60),
    description: asText(event['location'], 500),
  });
  const stage = asText(event['stage'], 100);
  return {
    checkpoint: { occurredAt, location, message: asText(event['description'], 2000), attributes: compact({ stage }) },
    codes: subStatusCodes(event['sub_status']) ?? (stage !== undefined ? (STAGE_CODES.get(stage) ?? null) : null),
  };
}

/** `InTransit_PickedUp` belongs to `InTransit`: the main status is the part before the first `_`. */
function subStatusCodes(value: JsonValue | undefined): TrackingCodes | null {
  const sub = asText(value, 100);
  if (sub === undefined) return null;
  return trackingCodes(sub.split('_')[0], sub);
}
