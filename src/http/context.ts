// What every route handler gets: the wired use-case dependencies of one Herald process.

import type { CapacityGuard } from '../app/check-capacity.ts';
import type { KeyAuthenticator } from '../app/api-keys.ts';
import type { IngestGateway } from '../app/ingest-gateway.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { IdSource } from '../core/ports/ids.ts';
import type { SourceResolver } from '../core/ports/source.ts';
import type { Store } from '../core/ports/store.ts';
import type { WorkflowCatalog } from '../app/workflow-catalog.ts';
import type { MessageLinks } from '../app/message-links.ts';
import type { SimulationReport } from '../app/simulate-workflows.ts';
import type { ChannelCallbacks, ChannelProviders } from '../core/ports/channel.ts';

export interface HttpDeps {
  ingest: IngestGateway;
  /** Committed reads; HTTP never writes through it. */
  store: Store;
  clock: Clock;
  ids: IdSource;
  /** Webhook sources by the name in `POST /v1/sources/<source>/<store>` and the store's settings. */
  sources: SourceResolver;
  keys: KeyAuthenticator;
  /** Told about workflow saves so they apply at once in this process; absent on the HTTP thread (the writer refreshes within a second). */
  catalog?: WorkflowCatalog | undefined;
  capacity: CapacityGuard;
  maxBodyBytes: number;
  maxBatchEvents: number;
  log: (error: unknown) => void;
  /** Channels: providers, their callbacks and the signed links in messages; absent, those routes are not served. */
  channels?: ChannelHttpDeps | undefined;
  /** Replays the store's last `days` of events against one workflow version in a sandbox (the dashboard's simulate form); absent on the HTTP thread. */
  simulate?: ((input: { storeId: string; workflowId: string; version: number | null; days: number }) => Promise<SimulationReport>) | undefined;
  /** Extra readiness facts (e.g. the worker loop) to report at /readyz and /v1/status. */
  status: () => Record<string, unknown>;
}

export interface ChannelHttpDeps {
  providers: ChannelProviders;
  callbacks: ChannelCallbacks;
  links: MessageLinks;
  /** Where customers and providers reach this Herald. */
  publicUrl: string;
  compileEmailLayout: (mjml: string) => Promise<{ ok: true; html: string } | { ok: false; problems: string[] }>;
  /** Told after a channel or settings save, so this process applies it at once. */
  invalidate?: ((storeId: string) => void) | undefined;
}

export interface HttpEnv {
  Variables: { storeId: string };
}
