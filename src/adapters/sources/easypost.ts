// EasyPost webhooks. Signature: `X-Hmac-Signature: hmac-sha256-hex=<hex HMAC-SHA256 of the raw
// body>`, keyed with the webhook secret NFKD-normalised (as EasyPost's client libraries do).
// Body: an Event { id, description: tracker.created | tracker.updated, result: Tracker }.

import type { JsonValue } from './exact-json.ts';
import {
  asArray,
  asDateOrInstant,
  asInstant,
  asObject,
  asText,
  compact,
  decodeJsonBody,
  requireObject,
  requireTrackingNumber,
} from './payload-readers.ts';
import { bytesEqual, decodeHex, hmacSha256, refuse, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { SourceParseError } from './source-errors.ts';
import { buildTrackingEvents, trackingCodes, type Checkpoint, type LocationDraft } from './tracking-events.ts';

const SOURCE = 'easypost';
const SIGNATURE_HEADER = 'x-hmac-signature';
const SIGNATURE_PREFIX = 'hmac-sha256-hex=';
const TRACKER_EVENTS: ReadonlySet<string> = new Set(['tracker.created', 'tracker.updated']);

export const easypostAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers[SIGNATURE_HEADER]?.trim();
    if (header === undefined || header === '') return refuse('missing X-Hmac-Signature header');
    if (secrets.secret === '') return refuse('no EasyPost webhook secret is configured for this source');
    if (!header.toLowerCase().startsWith(SIGNATURE_PREFIX)) return refuse(`malformed X-Hmac-Signature header: expected '${SIGNATURE_PREFIX}<hex>'`);
    const given = decodeHex(header.slice(SIGNATURE_PREFIX.length));
    if (given === null) return refuse('malformed X-Hmac-Signature header: expected hex after the prefix');
    const expected = hmacSha256(Buffer.from(secrets.secret.normalize('NFKD'), 'utf8'), request.body);
    return bytesEqual(given, expected) ? VERIFIED : refuse('signature mismatch: check the EasyPost webhook secret');
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    const deliveryId = asText(body['id'], 200) ?? null;
    const topic = asText(body['description'], 100) ?? null;
    if (topic === null || !TRACKER_EVENTS.has(topic)) return { deliveryId, topic, events: [] };

    const tracker = requireObject(SOURCE, body['result'], 'result');
    if (tracker['object'] !== undefined && tracker['object'] !== 'Tracker') {
      throw new SourceParseError(SOURCE, 'result.object', `must be 'Tracker' for ${topic} events`);
    }
    const trackingNumber = requireTrackingNumber(SOURCE, tracker['tracking_code'], 'result.tracking_code');
    const carrier = asText(tracker['carrier'], 60);
    const detail = asObject(tracker['carrier_detail']);
    const events = buildTrackingEvents({
      source: SOURCE,
      provider: 'easypost',
      trackerKey: asText(tracker['id'], 100) ?? `${carrier ?? ''}/${trackingNumber}`,
      trackingNumber,
      carrier,
      orderRef: null,
      checkpoints: asArray(tracker['tracking_details']).flatMap((value) => readCheckpoint(value) ?? []),
      latest: {
        codes: trackingCodes(tracker['status'], tracker['status_detail']),
        updatedAt: asInstant(tracker['updated_at']) ?? asInstant(body['updated_at']),
        estimatedDeliveryAt: asDateOrInstant(tracker['est_delivery_date']) ?? asDateOrInstant(detail?.['est_delivery_date_local']),
      },
      promiseDate: null,
      attributes: compact({
        tracker_id: asText(tracker['id'], 100),
        shipment_id: asText(tracker['shipment_id'], 100),
        mode: asText(tracker['mode'], 20),
        service: asText(detail?.['service'], 200),
        signed_by: asText(tracker['signed_by'], 200),
        tracking_url: asText(tracker['public_url'], 500),
        is_return: typeof tracker['is_return'] === 'boolean' ? tracker['is_return'] : undefined,
      }) ?? {},
      receivedAt: new Date(request.receivedAtMs).toISOString(),
    });
    return { deliveryId, topic, events };
  },
};

function readCheckpoint(value: JsonValue): Checkpoint | null {
  const detail = asObject(value);
  if (detail === null) return null;
  const occurredAt = asInstant(detail['datetime']);
  const codes = trackingCodes(detail['status'], detail['status_detail']);
  if (occurredAt === null || codes === null) return null;
  const place = asObject(detail['tracking_location']);
  const location: LocationDraft | undefined = compact({
    city: asText(place?.['city'], 200),
    region: asText(place?.['state'], 200),
    postal_code: asText(place?.['zip'], 40),
    country: asText(place?.['country'], 60),
  });
  return {
    occurredAt,
    codes,
    location,
    message: asText(detail['message'], 2000) ?? asText(detail['description'], 2000),
    attributes: compact({ carrier_code: asText(detail['carrier_code'], 100) }),
  };
}
