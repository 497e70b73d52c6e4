// POST /v1/events (one canonical event) and POST /v1/events/batch (NDJSON or a JSON array).
// A request is answered only after its events are durably committed.

import { Hono } from 'hono';
import { digestOf, isNdjson, parseEventBatch, type BatchRejection } from '../../app/parse-event-batch.ts';
import { validateEvents } from '../../app/validate-events.ts';
import { ForbiddenError, PayloadTooLargeError, ValidationError } from '../../core/errors.ts';
import { isoAt } from '../../core/ports/clock.ts';
import type { RawPayload } from '../../core/ports/store.ts';
import type { NormalizedEvent } from '../../core/events/normalize-event.ts';
import type { IngestOutcome } from '../../app/ingest-events.ts';
import type { HttpDeps, HttpEnv } from '../context.ts';
import { readBody } from '../read-body.ts';

export function eventRoutes(deps: HttpDeps): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();

  app.post('/v1/events', async (c) => {
    const storeId = c.get('storeId');
    const body = await readBody(c, deps.maxBodyBytes);
    const text = new TextDecoder().decode(body);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ValidationError('the body is not valid JSON', [{ field: '(body)', reason: (error as Error).message }]);
    }
    const receivedAt = isoAt(deps.clock.nowMs());
    const { valid, rejected } = validateEvents([{ index: 0, line: null, value, digest: () => digestOf(text) }], {
      storeId,
      defaultSource: 'api',
      receivedAt,
    });
    const problem = rejected[0];
    if (problem) {
      const storeIssue = problem.issues.find((issue) => issue.field === 'store_id');
      if (storeIssue) throw new ForbiddenError(`store_id: ${storeIssue.reason}`);
      throw new ValidationError(`the event has ${problem.issues.length} invalid field(s); nothing was stored`, problem.issues);
    }
    await deps.capacity.assertCanAccept();
    const event = valid[0]!.normalized;
    const outcome = await deps.ingest.ingest([event], rawPayload(storeId, receivedAt, c.req.header('content-type'), body));
    const duplicate = outcome.statuses[0] === 'duplicate';
    return c.json({ id: event.event.id, source: event.event.source, duplicate }, duplicate ? 200 : 201);
  });

  app.post('/v1/events/batch', async (c) => {
    const storeId = c.get('storeId');
    const contentType = c.req.header('content-type');
    const batch = prepareBatch(deps, storeId, await readBody(c, deps.maxBodyBytes), contentType);
    if (batch.accepted.length === 0) {
      return c.json({ accepted: 0, duplicates: 0, rejected: batch.rejected.length, errors: batch.rejected.map(rejectionView) }, 400);
    }
    await deps.capacity.assertCanAccept();
    const outcome = await batch.send();
    const results = batch.accepted.map((meta, i) => ({ ...meta, status: outcome.statuses[i] }));
    return c.json(
      {
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
        rejected: batch.rejected.length,
        results,
        errors: batch.rejected.map(rejectionView),
      },
      batch.rejected.length > 0 ? 207 : 200,
    );
  });

  return app;
}

/**
 * Parse and validate a batch. Only what the answer needs (positions and ids) stays referenced
 * while the request waits for its commit; `send` lets go of the events and the raw bytes as it
 * hands them over, so a large batch in flight does not pin its whole object graph.
 */
function prepareBatch(deps: HttpDeps, storeId: string, body: Uint8Array, contentType: string | undefined) {
  const parsed = parseEventBatch(new TextDecoder().decode(body), isNdjson(contentType));
  const total = parsed.items.length + parsed.rejected.length;
  if (total > deps.maxBatchEvents) {
    throw new PayloadTooLargeError(`a batch may hold at most ${deps.maxBatchEvents} events; this one has ${total}: split it`, {
      maxBatchEvents: deps.maxBatchEvents,
      events: total,
    });
  }
  if (total === 0) throw new ValidationError('the batch holds no events', [{ field: '(body)', reason: 'expected at least one event' }]);
  const receivedAt = isoAt(deps.clock.nowMs());
  const { valid, rejected } = validateEvents(parsed.items, { storeId, defaultSource: 'api', receivedAt });
  let items: NormalizedEvent[] | null = valid.map((v) => v.normalized);
  let raw: RawPayload | null = rawPayload(storeId, receivedAt, contentType, body);
  return {
    accepted: valid.map((v) => ({ index: v.item.index, line: v.item.line, id: v.normalized.event.id })),
    rejected: [...parsed.rejected, ...rejected].sort((a, b) => a.index - b.index),
    send(): Promise<IngestOutcome> {
      const sending = deps.ingest.ingest(items ?? [], raw);
      items = null;
      raw = null;
      return sending;
    },
  };
}

function rejectionView(rejection: BatchRejection) {
  return { index: rejection.index, line: rejection.line, id: rejection.id, issues: rejection.issues };
}

function rawPayload(storeId: string, receivedAt: string, contentType: string | undefined, body: Uint8Array): RawPayload {
  return { storeId, source: 'api', receivedAt, contentType: contentType ?? 'application/json', body, headers: {} };
}
