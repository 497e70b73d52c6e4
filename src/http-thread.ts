// Second composition root: the HTTP API on a worker thread, so request parsing and validation
// run on one core while the SQLite writer (group commit, projection) runs on the other. Reads go
// through this thread's own read connection; writes go to the owning thread as messages.

import { serve } from '@hono/node-server';
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createKeyAuthenticator } from './app/api-keys.ts';
import { createCapacityGuard } from './app/check-capacity.ts';
import type { HeraldConfig } from './config/options.ts';
import { systemClock } from './adapters/runtime/system-clock.ts';
import { threadIngestClient } from './adapters/runtime/thread-ingest.ts';
import { openStore } from './adapters/store/open-store.ts';
import { cryptoIds } from './adapters/runtime/crypto-ids.ts';
import { webhookSources } from './adapters/sources/index.ts';
import { createHttpApp } from './http/create-app.ts';
import { channelHttpDeps } from './wire-channels.ts';

const { config, linkSecret } = workerData as { config: HeraldConfig; linkSecret: string };
// Per thread, like the main thread's (bin/herald.js): stack traces name the TypeScript sources.
process.setSourceMapsEnabled(true);
const port = parentPort!;
const logger = pino({ level: config.logLevel, base: { pid: process.pid, thread: 'http' } });
// On a failed flush to disk this thread stops; src/main.ts then stops the process (see there).
const store = await openStore(config, systemClock, {
  checkpointedElsewhere: true,
  onBackgroundError: (error) => logger.error({ err: error }, 'store background work failed'),
  onDurabilityLost: (error) => {
    logger.fatal({ err: error }, 'the database could not be flushed to disk; stopping');
    process.exit(1);
  },
});
const app = createHttpApp({
  ingest: threadIngestClient(port),
  store,
  clock: systemClock,
  ids: cryptoIds,
  sources: webhookSources(),
  keys: createKeyAuthenticator(store, systemClock),
  capacity: createCapacityGuard(store, systemClock, config.backlogLimit),
  maxBodyBytes: config.maxBodyBytes,
  maxBatchEvents: config.maxBatchEvents,
  log: (error) => logger.error({ err: error }, 'request failed'),
  status: () => ({ store: store.dialect, role: config.role, http_thread: true }),
  channels: channelHttpDeps(config, systemClock, linkSecret, null),
});
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  port.postMessage({ type: 'listening', port: info.port });
});
port.on('message', (message: { type?: string }) => {
  if (message?.type !== 'close') return;
  server.close(() => {
    void store.close().then(() => port.postMessage({ type: 'closed' }));
  });
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
});
