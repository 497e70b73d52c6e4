// Ingest across threads: the HTTP thread sends validated events to the thread that owns the
// SQLite writer and gets the outcome (or the error) back. Errors keep their Herald code, so the
// HTTP layer maps them exactly as in one thread.

import type { MessagePort, Worker } from 'node:worker_threads';
import type { IngestGateway } from '../../app/ingest-gateway.ts';
import type { IngestOutcome } from '../../app/ingest-events.ts';
import type { NormalizedEvent } from '../../core/events/normalize-event.ts';
import { HeraldError, OverloadedError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import type { RawPayload } from '../../core/ports/store.ts';

interface IngestRequest {
  type: 'ingest';
  id: number;
  /** The normalized events as JSON text: one flat string clones far cheaper than an object graph. */
  itemsJson: string;
  raw: RawPayload | null;
}

interface SerializedError {
  code: string | null;
  message: string;
  details: Record<string, unknown> | null;
}

type IngestReply = { type: 'ingested'; id: number; outcome: IngestOutcome } | { type: 'ingest_failed'; id: number; error: SerializedError };

/** Worker side: a gateway that forwards to the owning thread over `port`. */
export function threadIngestClient(port: MessagePort): IngestGateway {
  let nextId = 0;
  const pending = new Map<number, { resolve: (o: IngestOutcome) => void; reject: (e: unknown) => void }>();
  port.on('message', (reply: IngestReply) => {
    if (reply.type !== 'ingested' && reply.type !== 'ingest_failed') return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'ingested') waiter.resolve(reply.outcome);
    else waiter.reject(reviveError(reply.error));
  });
  return {
    ingest(items, raw) {
      const id = nextId++;
      return new Promise<IngestOutcome>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.postMessage({ type: 'ingest', id, itemsJson: JSON.stringify(items), raw } satisfies IngestRequest);
      });
    },
  };
}

/** Owning side: answer the worker's ingest requests through `gateway`. */
export function serveIngestRequests(worker: Worker, gateway: IngestGateway): void {
  worker.on('message', (message: IngestRequest) => {
    if (message?.type !== 'ingest') return;
    gateway.ingest(JSON.parse(message.itemsJson) as NormalizedEvent[], message.raw).then(
      (outcome) => worker.postMessage({ type: 'ingested', id: message.id, outcome } satisfies IngestReply),
      (error: unknown) => worker.postMessage({ type: 'ingest_failed', id: message.id, error: serializeError(error) } satisfies IngestReply),
    );
  });
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof HeraldError) return { code: error.code, message: error.message, details: error.details ? { ...error.details } : null };
  return { code: null, message: error instanceof Error ? error.message : String(error), details: null };
}

function reviveError(error: SerializedError): Error {
  if (error.code === 'overloaded') return new OverloadedError(error.message, Number(error.details?.['retryAfterMs'] ?? 1_000));
  if (error.code === 'validation_failed') return new ValidationError(error.message, (error.details?.['issues'] ?? []) as FieldIssue[]);
  if (error.code !== null) return new HeraldError(error.code, error.message, error.details ? { details: error.details } : undefined);
  return new Error(error.message);
}
