// Shippo tracking webhooks. Shippo authenticates in two ways, used alone or together:
// - a self-generated URL token (`?token=...`), compared in constant time;
// - HMAC (provisioned by Shippo on request): `Shippo-Auth-Signature: t=<unix seconds>,v1=<hex
//   HMAC-SHA256 of "<t>.<raw body>">`, refused when `t` is further than the tolerance from now.
// Body: { event: track_updated, test, data: Track { carrier, tracking_number, eta, tracking_status,
// tracking_history[] } }.

import type { JsonValue } from './exact-json.ts';
import { asArray, asDateOrInstant, asInstant, asObject, asText, compact, decodeJsonBody, requireObject, requireTrackingNumber } from './payload-readers.ts';
import { bytesEqual, decodeHex, hmacSha256, refuse, textEqual, VERIFIED } from './signatures.ts';
import type { ParsedWebhook, SourceAdapter, SourceRequest, SourceSecrets, VerifyResult } from './source-adapter.ts';
import { buildTrackingEvents, trackingCodes, type Checkpoint, type LocationDraft } from './tracking-events.ts';

const SOURCE = 'shippo';
const SIGNATURE_HEADER = 'shippo-auth-signature';

/** How far a signed timestamp may be from our clock, either way, before the request is a replay. */
export const SHIPPO_SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

export const shippoAdapter: SourceAdapter = {
  name: SOURCE,

  verify(request: SourceRequest, secrets: SourceSecrets): VerifyResult {
    const header = request.headers[SIGNATURE_HEADER]?.trim();
    const token = request.url.searchParams.get('token');
    if ((header === undefined || header === '') && token === null) {
      return refuse('missing Shippo-Auth-Signature header and ?token= query parameter: add one to the Shippo webhook');
    }
    if (token !== null) {
      const expected = secrets.urlToken ?? secrets.secret;
      if (expected === '') return refuse('no Shippo webhook token is configured for this source');
      if (!textEqual(token, expected)) return refuse('token mismatch: check the ?token= of the Shippo webhook URL');
    }
    if (header === undefined || header === '') return VERIFIED;
    if (secrets.secret === '') return refuse('no Shippo webhook secret is configured for this source');
    return verifySignature(header, request, secrets.secret);
  },

  parse(request: SourceRequest): ParsedWebhook {
    const body = requireObject(SOURCE, decodeJsonBody(SOURCE, request.body), 'body');
    const topic = asText(body['event'], 100) ?? null;
    // Early payloads put the Track at the top level instead of under `data`.
    const track = asObject(body['data']) ?? (body['tracking_number'] !== undefined ? body : null);
    if (track === null) {
      if (topic === 'track_updated') requireObject(SOURCE, body['data'], 'data');
      return { deliveryId: null, topic, events: [] };
    }
    const trackingNumber = requireTrackingNumber(SOURCE, track['tracking_number'], 'data.tracking_number');
    const carrier = asText(track['carrier'], 60);
    const status = asObject(track['tracking_status']);
    const current = status === null ? null : readCheckpoint(status);
    const servicelevel = asObject(track['servicelevel']);
    const events = buildTrackingEvents({
      source: SOURCE,
      provider: 'shippo',
      trackerKey: `${carrier ?? ''}/${trackingNumber}`,
      trackingNumber,
      carrier,
      orderRef: null,
      checkpoints: asArray(track['tracking_history']).flatMap((value) => readCheckpoint(value) ?? []),
      latest: {
        codes: current?.codes ?? null,
        updatedAt: current?.occurredAt ?? asInstant(status?.['object_updated']),
        estimatedDeliveryAt: asDateOrInstant(track['eta']),
        message: current?.message,
        location: current?.location,
      },
      promiseDate: null,
      attributes: compact({
        test: typeof body['test'] === 'boolean' ? body['test'] : undefined,
        original_eta: asDateOrInstant(track['original_eta']) ?? undefined,
        metadata: asText(track['metadata'], 500),
        transaction: asText(track['transaction'], 100),
        servicelevel: asText(servicelevel?.['token'], 100) ?? asText(servicelevel?.['name'], 100),
        ...current?.attributes,
      }) ?? {},
      receivedAt: new Date(request.receivedAtMs).toISOString(),
    });
    return { deliveryId: null, topic, events };
  },
};

function verifySignature(header: string, request: SourceRequest, secret: string): VerifyResult {
  let timestamp: string | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const value = rest.join('=').trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') {
      const bytes = decodeHex(value);
      if (bytes !== null) signatures.push(bytes);
    }
  }
  if (timestamp === null || !/^\d{1,13}$/.test(timestamp) || signatures.length === 0) {
    return refuse("malformed Shippo-Auth-Signature header: expected 't=<unix seconds>,v1=<hex>'");
  }
  // Seconds as documented; a 13-digit value is read as milliseconds.
  const signedAtMs = timestamp.length === 13 ? Number(timestamp) : Number(timestamp) * 1000;
  if (Math.abs(request.receivedAtMs - signedAtMs) > SHIPPO_SIGNATURE_TOLERANCE_MS) {
    return refuse(`stale Shippo-Auth-Signature timestamp: more than ${SHIPPO_SIGNATURE_TOLERANCE_MS / 60000} minutes from now (replay, or check the server clock)`);
  }
  const expected = hmacSha256(secret, `${timestamp}.`, request.body);
  // Check every candidate so the time taken does not depend on which one matched.
  const matches = signatures.map((given) => bytesEqual(given, expected));
  return matches.includes(true) ? VERIFIED : refuse('signature mismatch: check the Shippo webhook HMAC secret');
}

function readCheckpoint(value: JsonValue): (Checkpoint & { attributes: Record<string, unknown> | undefined }) | null {
  const entry = asObject(value);
  if (entry === null) return null;
  const substatus = asObject(entry['substatus']);
  const occurredAt = asInstant(entry['status_date']);
  const codes = trackingCodes(entry['status'], substatus?.['code']);
  if (occurredAt === null || codes === null) return null;
  const place = asObject(entry['location']);
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
    message: asText(entry['status_details'], 2000) ?? asText(substatus?.['text'], 2000),
    attributes: compact({
      substatus_text: asText(substatus?.['text'], 500),
      action_required: typeof substatus?.['action_required'] === 'boolean' ? substatus['action_required'] : undefined,
    }),
  };
}
