// AfterShip Tracking webhooks. Signature: `aftership-hmac-sha256` = base64(HMAC-SHA256(webhook
// secret, raw body)). Body: { event, event_id, msg: <tracking>, ts }, where the tracking carries
// `tag`/`subtag` (AfterShip's status codes) and every checkpoint so far.

import type { JsonValue } from './exact-json.ts';
import {
  asArray,
  asDateOrInstant,
  asInstant,
  asObject,
  asRef,
  asText,
  asUnixSeconds,
  compact,
  decodeJsonBody,
  requireObject,
  requireTrackingNumber,
  type JsonObject,
} from './payload-readers.ts';
import { bytesEqual, decodeBase64, hmacSha256, refuse, VERIFIED } from './signatures.ts';
import { SourceParseError } from './source-errors.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { buildTrackingEvents, trackingCodes, type Checkpoint, type LocationDraft } from './tracking-events.ts';

const SOURCE = 'aftership';
const SIGNATURE_HEADER = 'aftership-hmac-sha256';

export const aftershipAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined || header.trim() === '') return refuse('missing aftership-hmac-sha256 header');
    if (secrets.secret === '') return refuse('no AfterShip webhook secret is configured for this source');
    const given = decodeBase64(header);
    if (given === null) return refuse('malformed aftership-hmac-sha256 header: expected base64');
    const expected = hmacSha256(secrets.secret, request.body);
    return bytesEqual(given, expected) ? VERIFIED : refuse('signature mismatch: check the AfterShip webhook secret');
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    const deliveryId = asText(body['event_id'], 200) ?? null;
    const topic = asText(body['event'], 100) ?? null;
    const tracking = asObject(body['msg']);
    // Tracking events carry a parcel; any other event is acknowledged without events.
    if (tracking === null) {
      if (topic === 'tracking_update') throw new SourceParseError(SOURCE, 'msg', 'must be the tracking object');
      return { deliveryId, topic, events: [] };
    }

    const trackingNumber = requireTrackingNumber(SOURCE, tracking['tracking_number'], 'msg.tracking_number');
    const slug = asText(tracking['slug'], 60);
    const trackerKey = asText(tracking['id'], 100) ?? `${slug ?? ''}/${trackingNumber}`;
    const checkpoints = asArray(tracking['checkpoints']).flatMap((value) => readCheckpoint(value) ?? []);
    const edd = estimatedDelivery(tracking);
    const events = buildTrackingEvents({
      source: SOURCE,
      provider: 'aftership',
      trackerKey,
      trackingNumber,
      carrier: slug,
      orderRef: asRef(tracking['order_id']),
      checkpoints,
      latest: {
        codes: trackingCodes(tracking['tag'], tracking['subtag']),
        updatedAt: asInstant(tracking['last_updated_at']) ?? asInstant(tracking['updated_at']) ?? instantFromUnix(body['ts']),
        estimatedDeliveryAt: edd?.value ?? null,
      },
      promiseDate: asDateOrInstant(tracking['order_promised_delivery_date']),
      attributes: compact({
        tracking_id: asText(tracking['id'], 100),
        edd_source: edd?.field,
        tracking_url: asText(tracking['courier_tracking_link'], 500),
        on_time_status: asText(tracking['on_time_status'], 60),
        shipment_type: asText(tracking['shipment_type'], 200),
        signed_by: asText(tracking['signed_by'], 200),
      }) ?? {},
      receivedAt: new Date(request.receivedAtMs).toISOString(),
    });
    return { deliveryId, topic, events };
  },
};

// Carrier's estimate first, then AfterShip's own prediction; the field read is kept in attributes.
const EDD_FIELDS: readonly (readonly [string, string | null])[] = [
  ['latest_estimated_delivery', 'datetime'],
  ['courier_estimated_delivery_date', 'estimated_delivery_date'],
  ['expected_delivery', null],
  ['custom_estimated_delivery_date', 'estimated_delivery_date'],
  ['aftership_estimated_delivery_date', 'estimated_delivery_date'],
];

function estimatedDelivery(tracking: JsonObject): { value: string; field: string } | null {
  for (const [field, member] of EDD_FIELDS) {
    const raw = member === null ? tracking[field] : asObject(tracking[field])?.[member];
    const value = asDateOrInstant(raw);
    if (value !== null) return { value, field: member === null ? field : `${field}.${member}` };
  }
  return null;
}

function readCheckpoint(value: JsonValue): Checkpoint | null {
  const checkpoint = asObject(value);
  if (checkpoint === null) return null;
  const occurredAt = asInstant(checkpoint['checkpoint_time']);
  const codes = trackingCodes(checkpoint['tag'], checkpoint['subtag']);
  if (occurredAt === null || codes === null) return null;
  const location: LocationDraft | undefined = compact({
    city: asText(checkpoint['city'], 200),
    region: asText(checkpoint['state'], 200),
    postal_code: asText(checkpoint['zip'], 40),
    country: asText(checkpoint['country_iso3'], 60) ?? asText(checkpoint['country_name'], 60),
    description: asText(checkpoint['location'], 500),
  });
  return {
    occurredAt,
    codes,
    location,
    message: asText(checkpoint['message'], 2000) ?? asText(checkpoint['subtag_message'], 2000),
    attributes: compact({ raw_tag: asText(checkpoint['raw_tag'], 100) }),
  };
}

function instantFromUnix(value: JsonValue | undefined) {
  const iso = asUnixSeconds(value);
  return iso === null ? null : { iso, assumedUtc: false, dateOnly: false };
}
