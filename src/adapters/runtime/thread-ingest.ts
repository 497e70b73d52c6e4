// Writes across threads: the HTTP thread sends its writes (validated events, quarantined payloads,
// source health counts) to the thread that owns the SQLite writer and gets the outcome (or the
// error) back. Errors keep their Herald code, so the HTTP layer maps them exactly as in one thread.

import type { MessagePort, Worker } from 'node:worker_threads';
import type { IngestGateway, QuarantineEntry } from '../../app/ingest-gateway.ts';
import type { IngestOptions } from '../../app/ingest-events.ts';
import type { NormalizedEvent } from '../../core/events/normalize-event.ts';
import { HeraldError, OverloadedError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import type { RawPayload, SourceStatsDelta } from '../../core/ports/store.ts';

type WriteCall =
  | {
      op: 'ingest';
      /** The normalized events as JSON text: one flat string clones far cheaper than an object graph. */
      itemsJson: string;
      raw: RawPayload | null;
      options: IngestOptions | undefined;
    }
  | { op: 'quarantine'; entry: QuarantineEntry }
  | { op: 'source_stats'; deltas: SourceStatsDelta[] };

type WriteRequest = { type: 'ingest'; id: number } & WriteCall;

interface SerializedError {
  code: string | null;
  message: string;
  details: Record<string, unknown> | null;
}

type WriteReply = { type: 'ingested'; id: number; result: unknown } | { type: 'ingest_failed'; id: number; error: SerializedError };

/** Worker side: a gateway that forwards to the owning thread over `port`. */
export function threadIngestClient(port: MessagePort): IngestGateway {
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (e: unknown) => void }>();
  port.on('message', (reply: WriteReply) => {
    if (reply.type !== 'ingested' && reply.type !== 'ingest_failed') return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'ingested') waiter.resolve(reply.result);
    else waiter.reject(reviveError(reply.error));
  });
  const call = <T>(message: WriteCall): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      port.postMessage({ type: 'ingest', id, ...message } satisfies WriteRequest);
    });
  };
  return {
    ingest: (items, raw, options) => call({ op: 'ingest', itemsJson: JSON.stringify(items), raw, options }),
    quarantine: (entry) => call({ op: 'quarantine', entry }),
    addSourceStats: (deltas) => call({ op: 'source_stats', deltas }),
  };
}

/** Owning side: answer the worker's write requests through `gateway`. */
export function serveIngestRequests(worker: Worker, gateway: IngestGateway): void {
  worker.on('message', (message: WriteRequest) => {
    if (message?.type !== 'ingest') return;
    perform(gateway, message).then(
      (result) => worker.postMessage({ type: 'ingested', id: message.id, result } satisfies WriteReply),
      (error: unknown) => worker.postMessage({ type: 'ingest_failed', id: message.id, error: serializeError(error) } satisfies WriteReply),
    );
  });
}

function perform(gateway: IngestGateway, message: WriteCall): Promise<unknown> {
  switch (message.op) {
    case 'ingest':
      return gateway.ingest(JSON.parse(message.itemsJson) as NormalizedEvent[], message.raw, message.options);
    case 'quarantine':
      return gateway.quarantine(message.entry);
    case 'source_stats':
      return gateway.addSourceStats(message.deltas);
  }
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
