// Where HTTP hands validated events over for durable ingest. In one thread it is a direct call;
// with the SQLite writer on the main thread and HTTP on a worker thread, it is a message.

import type { NormalizedEvent } from '../core/events/normalize-event.ts';
import type { RawPayload } from '../core/ports/store.ts';
import { ingestEvents, type IngestDeps, type IngestOutcome } from './ingest-events.ts';

/** Durably ingest normalized events of one store; resolves after the commit. */
export interface IngestGateway {
  ingest(items: NormalizedEvent[], raw: RawPayload | null): Promise<IngestOutcome>;
}

export function directIngest(deps: IngestDeps): IngestGateway {
  return { ingest: (items, raw) => ingestEvents(deps, items, raw) };
}
