// Composition root: the only place that wires adapters to use cases to HTTP and the worker.

import { serve, type ServerType } from '@hono/node-server';
import { Worker } from 'node:worker_threads';
import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import pino from 'pino';
import { createKeyAuthenticator } from './app/api-keys.ts';
import { createCapacityGuard } from './app/check-capacity.ts';
import { ensureDefaultStore } from './app/ensure-default-store.ts';
import { fireDueJobs, type FireDueJobsDeps, type FireResult, type JobHandler } from './app/fire-due-jobs.ts';
import { ingestInTx, type IngestDeps } from './app/ingest-events.ts';
import { startWorker, type RunningWorker } from './app/run-worker.ts';
import { checkSourceHealth, ensureSourceHealthChecks } from './app/source-health.ts';
import { checkStall } from './app/stall-check.ts';
import type { HeraldConfig } from './config/options.ts';
import type { JobKind } from './core/jobs/job.ts';
import type { Clock } from './core/ports/clock.ts';
import { cryptoIds } from './adapters/runtime/crypto-ids.ts';
import { systemClock } from './adapters/runtime/system-clock.ts';
import { openStore, type OpenedStore } from './adapters/store/open-store.ts';
import { webhookSources } from './adapters/sources/index.ts';
import { serveIngestRequests } from './adapters/runtime/thread-ingest.ts';
import { directIngest, type IngestGateway } from './app/ingest-gateway.ts';
import { createHttpApp } from './http/create-app.ts';
import { createWorkflowCatalog, type WorkflowCatalog } from './app/workflow-catalog.ts';
import { retryReceipt } from './app/apply-feedback.ts';
import { runWorkflowJob } from './app/run-workflow.ts';
import { startJobsNow } from './app/start-runs.ts';
import { sendNotificationJob, type SendDeps } from './app/send-notification.ts';
import { checkFulfillment, checkLate } from './app/order-signal-checks.ts';
import { installDefaultPack } from './app/install-default-pack.ts';
import { readDefaultPack } from './adapters/packs/read-default-pack.ts';
import { createLiquidRenderer } from './adapters/templates/liquid-renderer.ts';
import { postWorkflowWebhook } from './adapters/webhooks/post-workflow-webhook.ts';
import { channelProviders } from './adapters/channels/index.ts';
import { defaultEmailLayoutHtml } from './adapters/channels/email-layout.ts';
import { createChannelPool } from './app/channel-pool.ts';
import { dispatchNotification, type DispatchDeps } from './app/dispatch-notification.ts';
import { handOverNotification, type HandOverDeps } from './app/hand-over-notification.ts';
import { checkCaseSla } from './app/manage-cases.ts';
import { triageTicket } from './app/triage-ticket.ts';
import { createHelpdeskClient, isHelpdeskProvider } from './adapters/helpdesk/index.ts';
import { channelHttpDeps, installLinkSecret } from './wire-channels.ts';

/** Handed-over sends in flight past which messages wait in the dispatch queue. */
const MAX_HANDED_OVER = 256;
/** Compiled (dist/, bin/build.js) the thread loads its JavaScript; run from the TypeScript sources
 * under tsx (tests), it first registers tsx on that thread, since loader hooks are per thread. */
const HTTP_THREAD_ENTRY = import.meta.url.endsWith('.ts') ? './http-thread-entry.js' : './http-thread.js';

export interface Herald {
  store: OpenedStore;
  ingest: IngestDeps;
  /** The stores' workflows and settings, compiled and cached. */
  catalog: WorkflowCatalog;
  /** Where HTTP hands events over, whichever thread HTTP runs on: one per process, so requests merge. */
  gateway: IngestGateway;
  app: ReturnType<typeof createHttpApp>;
  /** Claim and run the jobs due now, once (tests and simulation drive time with a fake clock). */
  fireDue(limit?: number): Promise<FireResult>;
  /** The first API key, when this start created the default store. Shown once. */
  firstKey: string | null;
  /** The install's secret for message links, handed to the HTTP thread. */
  linkSecret: string;
  close(): Promise<void>;
}

export interface HeraldOptions {
  clock?: Clock;
  /** Run the job worker loop in this process (role worker or all). */
  worker?: boolean;
  /** Hand decided messages to their providers after the commit (config `hand_over`); default: where a worker runs. */
  handOver?: boolean;
}

export function createLogger(config: HeraldConfig) {
  return pino({ level: config.logLevel, base: { pid: process.pid } });
}

/** Open the store, migrate it, and wire the HTTP app and (optionally) the worker. */
export async function createHerald(config: HeraldConfig, options: HeraldOptions = {}): Promise<Herald> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config);
  const runsWorker = options.worker ?? config.role !== 'http';
  const store = await openStore(config, clock, {
    onBackgroundError: (error) => logger.error({ err: error }, 'store background work failed'),
    // A serving process checkpoints on its own thread from its first commit on: a burst of
    // pages written before it (an import, a migration) is copied before load arrives.
    ...(runsWorker ? { checkpointThreadAfterCommits: 1 } : {}),
    // The disk refused a write-back: what was committed may be gone, and no later flush can tell.
    // Stop at once, as PostgreSQL does; the supervisor's restart recovers from the WAL on disk.
    onDurabilityLost: (error) => {
      logger.fatal({ err: error }, 'the database could not be flushed to disk; stopping');
      process.exit(1);
    },
  });
  const migration = await store.migrate();
  if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'migrated the store');
  const created = await ensureDefaultStore({ store, clock, ids: cryptoIds });
  const installed = await installDefaultPack(store, clock, readDefaultPack());
  if (installed.length > 0) logger.info({ stores: installed }, 'installed the default workflow pack');

  const catalog = createWorkflowCatalog(store, clock, { defaults: { stallAfterBusinessHours: config.stallAfterHours } });
  const ingest: IngestDeps = { store, clock, ids: cryptoIds, stallAfterHours: config.stallAfterHours, catalog };
  const templates = createLiquidRenderer();
  const providers = channelProviders(clock);
  const pool = createChannelPool(store, clock, providers);
  const linkSecret = await installLinkSecret(store, clock);
  const channelDeps = channelHttpDeps(config, clock, linkSecret, (storeId) => {
    pool.invalidate(storeId);
    catalog.invalidate(storeId);
  });
  const defaultEmailLayout = await defaultEmailLayoutHtml();
  const random = () => randomInt(1_000_000) / 1_000_000;
  const trackingLinks = (_n: unknown, order: { trackingToken?: string | undefined }): Record<string, string> => (order.trackingToken ? { tracking: `${channelDeps.publicUrl.replace(/\/+$/, '')}/t/${order.trackingToken}` } : {});
  const helpdesks = (provider: string, settings: unknown) => (isHelpdeskProvider(provider) ? createHelpdeskClient(provider, settings) : null);
  const signalOf = (event: Awaited<ReturnType<typeof checkLate>>) => (event ? [{ event, trackingNumber: null, unmapped: null }] : []);
  const dispatchDeps: DispatchDeps = { store, clock, channels: pool, messageLinks: channelDeps.links, random, catalog, ids: cryptoIds, warn: (message, facts) => logger.warn(facts, message) };
  // Sends handed over after their commit (src/app/hand-over-notification.ts), by default only where
  // a worker runs: an HTTP-only process leaves provider calls to the workers.
  const handedOver = new Set<Promise<void>>();
  const handOverDeps: HandOverDeps = {
    ...dispatchDeps,
    leaseMs: config.jobLeaseMs,
    admit: () => handedOver.size < MAX_HANDED_OVER,
    track: (send) => {
      handedOver.add(send);
      void send.finally(() => handedOver.delete(send));
    },
  };
  const handOver: SendDeps['handOver'] = (options.handOver ?? runsWorker) && config.handOver ? (tx, sending, providers, nowMs) => handOverNotification(handOverDeps, tx, sending, providers, nowMs) : undefined;
  const handlers: Record<Exclude<JobKind, 'webhook.call' | 'notification.dispatch' | 'ticket.triage'>, JobHandler> = {
    'workflow.run': (job, tx, nowMs) => runWorkflowJob({ catalog, ids: cryptoIds }, job, tx, nowMs),
    'notification.send': (job, tx, nowMs) => sendNotificationJob({ catalog, templates, channels: pool, messageLinks: channelDeps.links, defaultEmailLayout, links: trackingLinks, handOver }, job, tx, nowMs),
    'notification.receipt_retry': (job, tx, nowMs) => retryReceipt({ catalog, ids: cryptoIds }, job, tx, nowMs),
    'case.sla_check': (job, tx, nowMs) => checkCaseSla({ catalog, channels: pool, newId: () => cryptoIds.newId('ntf') }, job, tx, nowMs),
    'order.late_check': async (job, tx, nowMs) => signalOf(await checkLate(job, tx, nowMs)),
    'order.fulfillment_check': async (job, tx, nowMs) => signalOf(await checkFulfillment(job, tx, nowMs)),
    'shipment.stall_check': async (job, tx, nowMs) => {
      const signal = await checkStall(job, tx, nowMs);
      return signal ? [{ event: signal, trackingNumber: String(job.payload['trackingNumber']), unmapped: null }] : [];
    },
    'source.health_check': async (job, tx, nowMs) => {
      const signal = await checkSourceHealth(job, store.reads, tx, nowMs);
      return signal ? [{ event: signal, trackingNumber: null, unmapped: null }] : [];
    },
  };
  const jobDeps: FireDueJobsDeps = {
    store,
    clock,
    handlers,
    workerId: `${hostname()}:${process.pid}:${cryptoIds.secretToken(4)}`,
    leaseMs: config.jobLeaseMs,
    random,
    ingestSignals: async (tx, events) => {
      await ingestInTx(ingest, tx, events, null);
    },
    effects: {
      'webhook.call': postWorkflowWebhook,
      'notification.dispatch': (job, nowMs, completeIn) => dispatchNotification(dispatchDeps, job, nowMs, completeIn),
      'ticket.triage': (job, nowMs) => triageTicket({ store, clock, catalog, helpdesks }, job, nowMs),
    },
  };
  // Runs an event starts begin in its own transaction (src/app/start-runs.ts).
  ingest.startJobsUpTo = config.inlineRunEvents;
  ingest.startJobs = (tx, specs, nowMs) =>
    startJobsNow({ ...jobDeps, onQueued: (spec, error) => logger.warn({ err: error, job: spec.key }, 'a run failed to start with its event; queued for the worker to retry') }, tx, specs, nowMs);
  const gateway = directIngest(ingest);
  let worker: RunningWorker | null = null;
  if (runsWorker) {
    await ensureSourceHealthChecks(store, clock.nowMs());
    worker = startWorker(jobDeps, {
      claimBatch: config.jobClaimBatch,
      pollMs: config.jobPollMs,
      onWake: (listener) => store.jobs.onWake(listener),
      onError: (error) => logger.error({ err: error }, 'job worker error'),
    });
  }

  const capacity = createCapacityGuard(store, clock, config.backlogLimit);
  const app = createHttpApp({
    ingest: gateway,
    store,
    clock,
    ids: cryptoIds,
    sources: webhookSources(),
    keys: createKeyAuthenticator(store, clock),
    catalog,
    capacity,
    maxBodyBytes: config.maxBodyBytes,
    maxBatchEvents: config.maxBatchEvents,
    log: (error) => logger.error({ err: error }, 'request failed'),
    status: () => ({ store: store.dialect, role: config.role, worker: worker ? { running: true, completed: worker.completed } : { running: false } }),
    channels: channelDeps,
    // The sandbox is a throw-away Herald of its own (src/cli/commands/workflows-simulate.ts), loaded on first use.
    simulate: async ({ storeId, workflowId, version, days }) => {
      const { runSimulation } = await import('./cli/commands/workflows-simulate.ts');
      return runSimulation(config, { workflow: workflowId, store: storeId, since: `${days}d`, ...(version === null ? {} : { version: String(version) }) });
    },
  });

  return {
    store,
    ingest,
    catalog,
    gateway,
    app,
    fireDue: (limit = config.jobClaimBatch) => fireDueJobs(jobDeps, limit),
    firstKey: created?.secret ?? null,
    linkSecret,
    async close() {
      await worker?.stop();
      // Handed-over sends record their answers before the store closes.
      await Promise.allSettled([...handedOver]);
      await pool.close();
      await store.close();
    },
  };
}

/** Serve the HTTP API (unless the role is worker) until a signal stops the process. */
export async function startHerald(config: HeraldConfig): Promise<{ herald: Herald; server: ServerType | null; port: number | null }> {
  const logger = createLogger(config);
  const herald = await createHerald(config);
  if (herald.firstKey) {
    process.stdout.write(
      `\nCreated store 'default'. Its API key (shown once, keep it safe):\n\n  ${herald.firstKey}\n\n` +
        'Send it as "Authorization: Bearer <key>". Create more with `herald keys create`.\n\n',
    );
  }
  let server: ServerType | null = null;
  let thread: Worker | null = null;
  let stopping = false;
  let port: number | null = null;
  if (config.role === 'worker') {
    logger.info({ store: herald.store.dialect, role: config.role }, 'Herald worker started');
  } else if (config.httpThread && herald.store.dialect === 'sqlite') {
    // A small old generation keeps the thread's garbage from piling up between collections.
    thread = new Worker(new URL(HTTP_THREAD_ENTRY, import.meta.url), { workerData: { config, linkSecret: herald.linkSecret }, resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 12 } });
    serveIngestRequests(thread, herald.gateway);
    port = await new Promise<number>((resolve, reject) => {
      thread!.on('message', (message: { type?: string; port?: number }) => {
        if (message?.type === 'listening') resolve(message.port!);
      });
      thread!.once('error', reject);
    });
    // A dead HTTP thread must not leave a process that looks alive: exit and let the supervisor restart us.
    thread.once('exit', (code) => {
      if (stopping) return;
      logger.fatal({ code }, 'the HTTP thread stopped; exiting so that Herald is restarted');
      void herald.close().finally(() => process.exit(1));
    });
  } else {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: herald.app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    });
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : config.port;
  }
  if (port !== null) {
    logger.info({ url: `http://${config.host}:${port}`, store: herald.store.dialect, role: config.role, httpThread: thread !== null }, 'Herald is listening');
  }
  const shutdown = async (signal: string) => {
    stopping = true;
    logger.info({ signal }, 'shutting down');
    if (thread) await closeThread(thread);
    if (server) {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    }
    await herald.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return { herald, server, port };
}

async function closeThread(thread: Worker): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => void thread.terminate().then(() => resolve()), 5_000);
    thread.on('message', (message: { type?: string }) => {
      if (message?.type === 'closed') {
        clearTimeout(timer);
        resolve();
      }
    });
    thread.postMessage({ type: 'close' });
  });
  await thread.terminate();
}
