// What every route handler gets: the wired use-case dependencies of one Herald process.

import type { CapacityGuard } from '../app/check-capacity.ts';
import type { KeyAuthenticator } from '../app/api-keys.ts';
import type { IngestDeps } from '../app/ingest-events.ts';

export interface HttpDeps {
  ingest: IngestDeps;
  keys: KeyAuthenticator;
  capacity: CapacityGuard;
  maxBodyBytes: number;
  maxBatchEvents: number;
  log: (error: unknown) => void;
  /** Extra readiness facts (e.g. the worker loop) to report at /readyz and /v1/status. */
  status: () => Record<string, unknown>;
}

export interface HttpEnv {
  Variables: { storeId: string };
}
