// Where HTTP hands validated events over for durable ingest. Concurrent requests are merged into
// one transaction per store (group commit at the use-case level): one set of batch statements
// and one commit for many webhooks, which is what makes single-event webhooks cheap on both
// stores. A merged transaction that fails is retried request by request, so one bad request
// never fails its neighbours.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { QuarantineRecord, RawPayload, SourceStatsDelta } from '../core/ports/store.ts';
import { ingestEvents, ingestInTx, type IngestDeps, type IngestOptions, type IngestOutcome } from './ingest-events.ts';

/** An authentic payload to keep for replay after a fix. */
export type QuarantineEntry = QuarantineRecord;

/** Every write the HTTP layer makes, so that it can run on another thread than the store's writer. */
export interface IngestGateway {
  /** Durably ingest normalized events of one store; resolves after the commit. */
  ingest(items: NormalizedEvent[], raw: RawPayload | null, options?: IngestOptions): Promise<IngestOutcome>;
  quarantine(entry: QuarantineEntry): Promise<void>;
  addSourceStats(deltas: SourceStatsDelta[]): Promise<void>;
}

interface Request {
  items: NormalizedEvent[];
  raw: RawPayload | null;
  options: IngestOptions | undefined;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

export interface BatchingOptions {
  /** Most events merged into one transaction; a bigger request still goes alone. */
  maxEvents: number;
  /** Most merged transactions in flight at once (PostgreSQL runs them in parallel). */
  maxInFlight: number;
}

const DEFAULTS: BatchingOptions = { maxEvents: 5_000, maxInFlight: 4 };

export function directIngest(deps: IngestDeps, options: BatchingOptions = DEFAULTS): IngestGateway {
  const queue: Request[] = [];
  let inFlight = 0;
  let scheduled = false;

  function schedule(): void {
    if (scheduled || inFlight >= options.maxInFlight || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      while (queue.length > 0 && inFlight < options.maxInFlight) void flush(take());
    });
  }

  /** The next group: requests of the first request's store, up to `maxEvents` events. */
  function take(): Request[] {
    const storeId = storeOf(queue[0]!);
    const group: Request[] = [];
    let events = 0;
    for (let i = 0; i < queue.length; ) {
      const request = queue[i]!;
      const fits = group.length === 0 || events + request.items.length <= options.maxEvents;
      // A replay marks its quarantine entry in its own transaction: it never joins a group.
      const joinable = group.length === 0 || (request.options?.replayOf === undefined && group[0]!.options?.replayOf === undefined);
      if (storeOf(request) === storeId && fits && joinable) {
        group.push(request);
        events += request.items.length;
        queue.splice(i, 1);
      } else {
        i += 1;
      }
    }
    return group;
  }

  async function flush(group: Request[]): Promise<void> {
    inFlight += 1;
    try {
      if (group.length === 1) {
        const only = group[0]!;
        await ingestEvents(deps, only.items, only.raw, only.options).then(only.resolve, only.reject);
        return;
      }
      try {
        const outcomes = await deps.store.transact((tx) => ingestMerged(deps, tx, group));
        group.forEach((request, index) => request.resolve(outcomes[index]!));
      } catch {
        // Isolate the failure: each request alone gets its own answer.
        await Promise.all(group.map((r) => ingestEvents(deps, r.items, r.raw, r.options).then(r.resolve, r.reject)));
      }
    } finally {
      inFlight -= 1;
      schedule();
    }
  }

  return {
    ingest(items, raw, ingestOptions) {
      return new Promise<IngestOutcome>((resolve, reject) => {
        queue.push({ items, raw, options: ingestOptions, resolve, reject });
        schedule();
      });
    },
    quarantine: (entry) => deps.store.transact((tx) => tx.quarantine(entry)),
    addSourceStats: (deltas) => deps.store.transact((tx) => tx.addSourceStats(deltas)),
  };
}

async function ingestMerged(deps: IngestDeps, tx: Parameters<typeof ingestInTx>[1], group: readonly Request[]): Promise<IngestOutcome[]> {
  const rawRefs: (string | null)[] = [];
  for (const request of group) {
    const rawRef = request.raw ? await tx.archiveRaw(request.raw) : null;
    rawRefs.push(rawRef);
    if (rawRef === null) continue;
    request.items.forEach((item, index) => {
      item.event.raw_ref = request.items.length === 1 ? rawRef : `${rawRef}#${index}`;
    });
  }
  const merged = await ingestInTx(deps, tx, group.flatMap((request) => request.items), null);
  let offset = 0;
  return group.map((request, index) => {
    const statuses = merged.statuses.slice(offset, offset + request.items.length);
    offset += request.items.length;
    const accepted = statuses.filter((status) => status === 'accepted').length;
    return { statuses, accepted, duplicates: statuses.length - accepted, rawRef: rawRefs[index]! };
  });
}

function storeOf(request: Request): string {
  return request.items[0]?.event.store_id ?? '';
}
