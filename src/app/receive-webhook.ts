// One webhook delivery from a configured source (DESIGN.md §7): authenticate the raw bytes, read
// them, validate and ingest the events. Nothing is stored for a request that fails its signature
// (only a count in source health). An authentic payload that cannot be read, or whose events the
// canonical contract refuses, is kept in quarantine for a replay after a fix: accepted data is
// never lost. Provider retries repeat the same deterministic event ids, which ingest skips.

import { AuthenticationError, ForbiddenError, NotFoundError } from '../core/errors.ts';
import type { FieldIssue } from '../core/errors.ts';
import { isoAt, type Clock } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { SourceRequest, SourceResolver } from '../core/ports/source.ts';
import type { RawPayload, SourceConfigRecord, Store } from '../core/ports/store.ts';
import { emptyDelta, hourOf } from './count-source-stats.ts';
import type { IngestGateway } from './ingest-gateway.ts';
import { digestOf } from './parse-event-batch.ts';
import { validateEvents } from './validate-events.ts';

export interface WebhookDeps {
  /** Committed reads (the source configuration); writes go through `gateway`. */
  store: Store;
  gateway: IngestGateway;
  clock: Clock;
  ids: IdSource;
  sources: SourceResolver;
  /** Refuses (429) when the job backlog is too deep; called before events are ingested. */
  assertCanAccept: () => Promise<void>;
}

export interface WebhookDelivery {
  source: string;
  storeId: string;
  body: Uint8Array;
  /** Lower-case header names. */
  headers: Record<string, string>;
  url: URL;
}

export type WebhookOutcome =
  | { kind: 'ping' }
  | { kind: 'ingested'; events: number; accepted: number; duplicates: number }
  | { kind: 'quarantined'; quarantineId: string; events: number; accepted: number; duplicates: number; error: QuarantineError };

export interface QuarantineError {
  code: string;
  message: string;
  field?: string;
  issues?: { index: number; id: string | null; issues: FieldIssue[] }[];
}

/** Headers never archived: credentials of a proxy or a browser, not the provider's facts. */
const UNARCHIVED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);

export async function receiveWebhook(deps: WebhookDeps, delivery: WebhookDelivery): Promise<WebhookOutcome> {
  const config = await deps.store.admin.getSourceConfig(delivery.storeId, delivery.source);
  const adapter = config ? deps.sources(config.source, config.settings ?? null) : null;
  if (!adapter || !config) {
    // The same answer for an unknown store and an unknown source: probing learns nothing.
    throw new NotFoundError('no webhook endpoint at this URL: `herald sources add` prints the exact URL to use');
  }
  const receivedAtMs = deps.clock.nowMs();
  const receivedAt = isoAt(receivedAtMs);
  const request: SourceRequest = { body: delivery.body, headers: delivery.headers, url: delivery.url, receivedAtMs };
  const verified = adapter.verify(request, { secret: config.secret, urlToken: config.urlToken ?? undefined });
  if (!verified.ok) {
    await countSignatureFailure(deps, config, receivedAt);
    throw new AuthenticationError(`${verified.reason} for store '${config.storeId}'; nothing was stored`);
  }
  const shopProblem = checkShopDomain(config, delivery.headers);
  if (shopProblem !== null) {
    await countSignatureFailure(deps, config, receivedAt);
    throw new ForbiddenError(shopProblem);
  }

  const raw: RawPayload = {
    storeId: config.storeId,
    source: config.source,
    receivedAt,
    contentType: delivery.headers['content-type'] ?? 'application/octet-stream',
    body: delivery.body,
    headers: archivedHeaders(delivery.headers),
  };
  let parsed;
  try {
    parsed = await adapter.parse(request);
  } catch (error) {
    const code = (error as { code?: unknown }).code === 'source_parse_failed' ? 'source_parse_failed' : 'source_parse_crashed';
    const details = (error as { details?: { field?: unknown } }).details;
    const problem: QuarantineError = { code, message: error instanceof Error ? error.message : String(error) };
    if (typeof details?.field === 'string') problem.field = details.field;
    const quarantineId = await keepInQuarantine(deps, raw, problem);
    return { kind: 'quarantined', quarantineId, events: 0, accepted: 0, duplicates: 0, error: problem };
  }
  if (parsed.ping) return { kind: 'ping' };

  const text = new TextDecoder().decode(delivery.body);
  const { valid, rejected } = validateEvents(
    parsed.events.map((value, index) => ({ index, line: null, value, digest: () => `${digestOf(text)}:${index}` })),
    { storeId: config.storeId, defaultSource: config.source, receivedAt },
  );
  let accepted = 0;
  let duplicates = 0;
  if (valid.length > 0) {
    await deps.assertCanAccept();
    const outcome = await deps.gateway.ingest(valid.map((v) => v.normalized), raw);
    accepted = outcome.accepted;
    duplicates = outcome.duplicates;
  }
  if (rejected.length === 0) return { kind: 'ingested', events: valid.length, accepted, duplicates };
  const problem: QuarantineError = {
    code: 'source_mapping_failed',
    message: `${rejected.length} of ${parsed.events.length} event(s) of this ${config.source} payload break the canonical contract; the payload is kept in quarantine`,
    issues: rejected.map((r) => ({ index: r.index, id: r.id, issues: r.issues })),
  };
  const quarantineId = await keepInQuarantine(deps, raw, problem);
  return { kind: 'quarantined', quarantineId, events: valid.length, accepted, duplicates, error: problem };
}

/** Shopify: a store that names its shop only takes webhooks from that shop. */
function checkShopDomain(config: SourceConfigRecord, headers: Record<string, string>): string | null {
  if (config.source !== 'shopify' || config.shopDomain === null) return null;
  const domain = headers['x-shopify-shop-domain'];
  if (domain !== undefined && domain.toLowerCase() === config.shopDomain.toLowerCase()) return null;
  return `this webhook comes from shop '${domain ?? '(no X-Shopify-Shop-Domain header)'}', but store '${config.storeId}' is configured for '${config.shopDomain}'; nothing was stored`;
}

/** Quarantine the payload, then count the parse failure in source health. */
async function keepInQuarantine(deps: WebhookDeps, raw: RawPayload, problem: QuarantineError): Promise<string> {
  const id = deps.ids.newId('qua');
  await deps.gateway.quarantine({ ...raw, id, error: { ...problem }, replayedAt: null, replayResult: null });
  await deps.gateway.addSourceStats([{ ...emptyDelta(raw.storeId, raw.source, hourOf(raw.receivedAt)), parseFailures: 1 }]);
  return id;
}

function countSignatureFailure(deps: WebhookDeps, config: SourceConfigRecord, receivedAt: string): Promise<void> {
  return deps.gateway.addSourceStats([{ ...emptyDelta(config.storeId, config.source, hourOf(receivedAt)), signatureFailures: 1 }]);
}

function archivedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !UNARCHIVED_HEADERS.has(name)));
}
