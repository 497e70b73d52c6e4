// The embedded store: better-sqlite3 in WAL mode. A transaction is answered only once its commit
// is on disk and survives power loss: SQLite writes the WAL (synchronous=NORMAL) and Herald
// flushes it off the writer's thread (wal-sync.ts). One writer connection behind group commit
// takes every write; a second, read-only connection serves reads of committed data. Statements
// are prepared once and reused.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import type { Clock } from '../../../core/ports/clock.ts';
import { isoAt } from '../../../core/ports/clock.ts';
import type { Store, StoreTx } from '../../../core/ports/store.ts';
import { memoryRateBuckets } from '../memory-rate-buckets.ts';
import { GroupCommitWriter } from './group-commit.ts';
import { createWalSync, type WalSyncOptions } from './wal-sync.ts';
import { startCheckpointer, WAL_CEILING_PAGES, type Checkpointer } from './checkpointer.ts';
import { migrateSqlite } from './migrate-sqlite.ts';
import { createActivityStatements } from './sql/activity.ts';
import { createAdminStatements } from './sql/admin.ts';
import { createCaseStatements } from './sql/cases.ts';
import { createCustomerStatements } from './sql/customers.ts';
import { createEventHistoryStatements } from './sql/event-history.ts';
import { createEventStatements } from './sql/events.ts';
import { createJobStatements } from './sql/jobs.ts';
import { createNotificationStatements } from './sql/notifications.ts';
import { createProjectionStatements } from './sql/projections.ts';
import { createSettingsStatements } from './sql/settings.ts';
import { createChannelStatements } from './sql/channels.ts';
import { createWebStatements } from './sql/web.ts';
import { createScorecardStatements } from './sql/scorecard.ts';
import { createContactStatements } from './sql/contacts.ts';
import { createSourceStatements } from './sql/sources.ts';
import { createWorkflowStatements } from './sql/workflows.ts';

export interface SqliteStoreOptions {
  /** Database file path, or `:memory:` for throw-away tests. */
  file: string;
  clock: Clock;
  /** Most transactions folded into one commit. */
  maxGroupCommit?: number;
  /** Hears a failed flush of the WAL to disk (once); the composition root stops the process. */
  onDurabilityLost?: (error: Error) => void;
  /** The WAL flush; node's fdatasync unless a test observes or fails it. */
  fdatasync?: WalSyncOptions['fdatasync'];
  /**
   * Checkpoint on a thread of its own (checkpointer.ts), started once this many groups have
   * committed (a short-lived store never needs one); 0 leaves checkpoints to the writer. Default 64.
   */
  checkpointThreadAfterCommits?: number;
  /**
   * Another store of this process checkpoints this file on its thread (the HTTP thread's store,
   * beside the main thread's): this one starts none, and its writer checkpoints only past the ceiling.
   */
  checkpointedElsewhere?: boolean;
  /** A background checkpoint failed; the writer then checkpoints itself again. */
  onBackgroundError?: (error: unknown) => void;
}

/** The writer's automatic checkpoint when no checkpoint thread runs (16 MiB of 4 KiB pages). */
const WRITER_CHECKPOINT_PAGES = 4_000;

export function openSqliteStore(options: SqliteStoreOptions): Store {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const writer = new Database(options.file);
  configure(writer, options.file);
  const walSync =
    options.file === ':memory:'
      ? null
      : createWalSync(options.file, { ...(options.fdatasync ? { fdatasync: options.fdatasync } : {}), ...(options.onDurabilityLost ? { onFailure: options.onDurabilityLost } : {}) });
  // A :memory: database is private to its connection, so tests read through the writer.
  const reader = options.file === ':memory:' ? writer : new Database(options.file, { readonly: true });
  if (reader !== writer) {
    reader.pragma('busy_timeout = 5000');
    // Reads touch little; a small page cache keeps resident memory down.
    reader.pragma('cache_size = -8192');
  }

  const wake = new EventEmitter();
  let wakePending = false;
  const checkpointAfter = options.file === ':memory:' || options.checkpointedElsewhere ? 0 : (options.checkpointThreadAfterCommits ?? 64);
  if (options.checkpointedElsewhere) writer.pragma(`wal_autocheckpoint = ${WAL_CEILING_PAGES}`);
  let commits = 0;
  let checkpointer: Checkpointer | null = null;
  let checkpointsFailed = false;
  // On any failure the writer checkpoints itself again, as without the thread, for good.
  const checkpointsFail = (error: unknown) => {
    checkpointsFailed = true;
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    options.onBackgroundError?.(error);
  };
  const startCheckpoints = () => {
    try {
      checkpointer = startCheckpointer(options.file, { everyMs: 200, onError: checkpointsFail });
      writer.pragma(`wal_autocheckpoint = ${WAL_CEILING_PAGES}`);
    } catch (error) {
      checkpointsFail(error);
    }
  };
  const group = new GroupCommitWriter(writer, {
    maxBatch: options.maxGroupCommit ?? 512,
    afterCommit: () => {
      if (checkpointer === null && !checkpointsFailed && checkpointAfter > 0 && ++commits >= checkpointAfter) startCheckpoints();
      if (wakePending) {
        wakePending = false;
        wake.emit('wake');
      }
    },
    durable: walSync ? () => walSync.flush() : undefined,
  });

  let statements: ReturnType<typeof prepareAll> | null = null;
  let savepoints: ReturnType<typeof prepareSavepoints> | null = null;
  const w = () => (statements ??= prepareAll(writer, reader));
  const nowIso = () => isoAt(options.clock.nowMs());

  const tx: StoreTx = {
    archiveRaw: async (payload) => w().writeEvents.archiveRaw(payload),
    insertEvents: async (rows) => w().writeEvents.insertEvents(rows),
    loadOrders: async (storeId, refs) => w().writeProjections.loadOrders(storeId, refs),
    saveOrders: async (orders) => w().writeProjections.saveOrders(orders),
    loadShipments: async (storeId, numbers) => w().writeProjections.loadShipments(storeId, numbers),
    loadShipmentsOfOrders: async (storeId, refs) => w().writeProjections.shipmentsOfOrders(storeId, refs),
    saveShipments: async (shipments) => w().writeProjections.saveShipments(shipments),
    loadShipmentEvents: async (storeId, number) => w().writeEvents.loadShipmentEvents(storeId, number),
    scheduleJobs: async (jobs) => {
      const earliest = w().writeJobs.schedule(jobs, nowIso());
      if (earliest <= options.clock.nowMs() + 1_000) wakePending = true;
    },
    completeJobs: async (jobs) => {
      for (const job of jobs) w().writeJobs.complete(job);
    },
    cancelPendingJobs: async (storeId, keys) => w().writeJobs.cancelPending(storeId, keys),
    savepoint: async (work) => {
      const part = (savepoints ??= prepareSavepoints(writer));
      part.begin.run();
      const mark = group.actionMark();
      try {
        const value = await work();
        part.release.run();
        return value;
      } catch (error) {
        part.rollback.run();
        part.release.run();
        group.dropActionsSince(mark);
        throw error;
      }
    },
    afterCommit: (action) => group.afterCommit(action),
    saveFulfillmentParcels: async (storeId, parcels) => w().writeSources.saveFulfillmentParcels(storeId, parcels),
    loadFulfillmentParcels: async (storeId, ids) => w().writeSources.loadFulfillmentParcels(storeId, ids),
    quarantine: async (record) => w().writeSources.quarantine(record),
    markReplayed: async (storeId, id, at, result) => w().writeSources.markReplayed(storeId, id, at, result),
    addSourceStats: async (deltas) => w().writeSources.addSourceStats(deltas),
    insertNotifications: async (records) => w().writeNotifications.insertNotifications(records),
    updateNotifications: async (records) => w().writeNotifications.updateNotifications(records),
    loadNotification: async (storeId, id) => w().writeNotifications.getNotification(storeId, id),
    loadNotificationsOfOrders: async (storeId, refs) => byOrder(refs, (ref) => w().writeNotifications.listOrderNotifications(storeId, ref)),
    countSentToRecipient: async (storeId, recipient, since) => w().writeNotifications.countSentToRecipient(storeId, recipient, since),
    appendActivity: async (records) => w().writeActivity.appendActivity(records),
    openCase: async (record) => w().writeCases.openCase(record),
    addCaseEvidence: async (storeId, caseId, evidence, at) => w().writeCases.addCaseEvidence(storeId, caseId, evidence, at),
    loadOpenCasesOfOrders: async (storeId, refs) => byOrder(refs, (ref) => w().writeCases.loadOpenCases(storeId, ref)),
    loadCase: async (storeId, id) => w().writeCases.getCase(storeId, id),
    saveCase: async (record) => w().writeCases.saveCase(record),
    countCustomerOrders: async (storeId, customerRef) => w().writeCustomers.countCustomerOrders(storeId, customerRef),
    findNotificationByProviderId: async (storeId, id) => w().writeNotifications.findNotificationByProviderId(storeId, id),
    loadConsents: async (storeId, addresses) => w().writeChannels.listConsents(storeId, addresses, 1_000),
    saveConsents: async (records) => w().writeChannels.saveConsents(records),
  };

  return {
    dialect: 'sqlite',
    transact: (work) => group.run(() => work(tx)),
    reads: {
      getOrder: async (storeId, ref) => w().readProjections.getOrder(storeId, ref),
      listShipmentsOfOrder: async (storeId, ref) => w().readProjections.shipmentsOfOrders(storeId, [ref]),
      getShipment: async (storeId, number) => w().readProjections.getShipment(storeId, number),
      listOrderEvents: async (storeId, ref, limit) => w().readEvents.listOrderEvents(storeId, ref, limit),
      listShipmentEvents: async (storeId, number, limit) => w().readEvents.listShipmentEvents(storeId, number, limit),
      countEvents: async (storeId) => w().readEvents.countEvents(storeId),
      getEvent: async (storeId, source, id) => w().readEvents.getEvent(storeId, source, id),
      getRaw: async (storeId, rawRef) => w().readEvents.getRaw(storeId, rawRef),
      listQuarantine: async (storeId, limit) => w().readSources.listQuarantine(storeId, limit),
      getQuarantine: async (storeId, id) => w().readSources.getQuarantine(storeId, id),
      listSourceStats: async (storeId, sinceHour) => w().readSources.listSourceStats(storeId, sinceHour),
      lastEventTimes: async (storeId) => w().readSources.lastEventTimes(storeId),
      listUnmappedCodes: async (storeId) => w().readSources.listUnmappedCodes(storeId),
      listOrderNotifications: async (storeId, ref) => w().readNotifications.listOrderNotifications(storeId, ref),
      listNotifications: async (storeId, filter) => w().readNotifications.listNotifications(storeId, filter),
      getNotification: async (storeId, id) => w().readNotifications.getNotification(storeId, id),
      listOrderActivity: async (storeId, ref, limit) => w().readActivity.listOrderActivity(storeId, ref, limit),
      listCases: async (storeId, filter) => w().readCases.listCases(storeId, filter),
      getCase: async (storeId, id) => w().readCases.getCase(storeId, id),
      listOrderCases: async (storeId, ref) => w().readCases.listOrderCases(storeId, ref),
      listEventsBetween: async (storeId, from, to, afterSeq, limit) => w().readEventHistory.listEventsBetween(storeId, from, to, afterSeq, limit),
      findNotificationByProviderId: async (storeId, id) => w().readNotifications.findNotificationByProviderId(storeId, id),
      listConsents: async (storeId, filter) => w().readChannels.listConsents(storeId, filter.addresses ?? null, filter.limit),
      findOrderByTrackingToken: async (token) => w().readWeb.findOrderByTrackingToken(token),
      trackingPageStamp: async (token) => w().readWeb.trackingPageStamp(token),
      listPageVisits: async (storeId, sinceDay) => w().readWeb.listPageVisits(storeId, sinceDay),
      scorecardFacts: async (storeId, fromIso, toIso) => w().readScorecard.scorecardFacts(storeId, fromIso, toIso),
      findOrdersByContact: async (storeId, contact, limit) => w().readContacts.findOrdersByContact(storeId, contact, limit),
      findOrdersByNumber: async (storeId, number, limit) => w().readContacts.findOrdersByNumber(storeId, number, limit),
    },
    // One process opens a SQLite store (the server lock): its buckets are its own.
    rateBuckets: memoryRateBuckets(),
    jobs: {
      claimDue: (nowMs, limit, leaseMs, workerId) => group.run(async () => w().writeJobs.claim(nowMs, limit, leaseMs, workerId)),
      releaseFailed: (job, error, retryAtMs) => group.run(async () => w().writeJobs.fail(job, error, retryAtMs, nowIso())),
      nextDueAtMs: async () => w().readJobs.nextDueAtMs(),
      stats: async (nowMs) => w().readJobs.stats(nowMs),
      backlog: async (nowMs) => w().readJobs.backlog(nowMs),
      onWake(listener) {
        wake.on('wake', listener);
        return () => wake.off('wake', listener);
      },
    },
    admin: {
      createStore: (store) => group.run(async () => w().writeAdmin.createStore(store)),
      getStore: async (id) => w().readAdmin.getStore(id),
      listStores: async () => w().readAdmin.listStores(),
      createApiKey: (key) => group.run(async () => w().writeAdmin.createApiKey(key)),
      findApiKeyByHash: async (hash) => w().readAdmin.findApiKeyByHash(hash),
      listApiKeys: async (storeId) => w().readAdmin.listApiKeys(storeId),
      revokeApiKey: (storeId, keyId, at) => group.run(async () => w().writeAdmin.revokeApiKey(storeId, keyId, at)),
      saveSourceConfig: (config) => group.run(async () => w().writeSources.saveSourceConfig(config)),
      getSourceConfig: async (storeId, source) => w().readSources.getSourceConfig(storeId, source),
      listSourceConfigs: async (storeId) => w().readSources.listSourceConfigs(storeId),
      getStoreSettings: async (storeId) => w().readSettings.getStoreSettings(storeId),
      saveStoreSettings: (storeId, settings, at) => group.run(async () => w().writeSettings.saveStoreSettings(storeId, settings, at)),
      saveWorkflowVersion: (input, enabled) => group.run(async () => w().writeWorkflows.saveWorkflowVersion(input, enabled)),
      setWorkflowEnabled: (storeId, workflowId, enabled, at) => group.run(async () => w().writeWorkflows.setWorkflowEnabled(storeId, workflowId, enabled, at)),
      listWorkflows: async (storeId) => w().readWorkflows.listWorkflows(storeId),
      getWorkflow: async (storeId, workflowId) => w().readWorkflows.getWorkflow(storeId, workflowId),
      getWorkflowVersion: async (storeId, workflowId, version) => w().readWorkflows.getWorkflowVersion(storeId, workflowId, version),
      listWorkflowVersions: async (storeId, workflowId) => w().readWorkflows.listWorkflowVersions(storeId, workflowId),
      listEnabledWorkflowVersions: async (storeId) => w().readWorkflows.listEnabledWorkflowVersions(storeId),
      saveChannelConfig: (record) => group.run(async () => w().writeChannels.saveChannelConfig(record)),
      listChannelConfigs: async (storeId) => w().readChannels.listChannelConfigs(storeId),
      installSecret: (name, candidate, at) => group.run(async () => w().writeChannels.installSecret(name, candidate, at)),
      addPageVisits: (rows) => group.run(async () => w().writeWeb.addPageVisits(rows)),
      createUser: (user) => group.run(async () => w().writeWeb.createUser(user)),
      saveUser: (user) => group.run(async () => w().writeWeb.saveUser(user)),
      findUserByEmail: async (storeId, email) => w().readWeb.findUserByEmail(storeId, email),
      getUser: async (id) => w().readWeb.getUser(id),
      listUsers: async (storeId) => w().readWeb.listUsers(storeId),
      createSession: (record) => group.run(async () => w().writeWeb.createSession(record)),
      getSession: async (idHash) => w().readWeb.getSession(idHash),
      deleteSession: (idHash) => group.run(async () => w().writeWeb.deleteSession(idHash)),
      deleteExpiredSessions: (nowIso) => group.run(async () => w().writeWeb.deleteExpiredSessions(nowIso)),
    },
    migrate: async () => {
      const result = migrateSqlite(writer, nowIso());
      // The reader may hold the schema as it was before (any statement it ran loaded it), and
      // statements are prepared against that copy: reading the schema table makes it see the new one.
      if (reader !== writer && result.applied.length > 0) reader.prepare('SELECT count(*) FROM sqlite_schema').get();
      return result;
    },
    async close() {
      await group.drain();
      await checkpointer?.stop();
      walSync?.close();
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}

function configure(db: Database.Database, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  // Herald's durability rests on the WAL (wal-sync.ts): refuse a database that stays in another mode.
  if (file !== ':memory:' && mode !== 'wal') throw new Error(`the SQLite database ${file} would not switch to WAL mode (it is in ${mode} mode)`);
  db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get(); // the first read creates the WAL file
  // Not FULL: the WAL is flushed to disk by wal-sync.ts, off this thread, before any answer.
  // NORMAL still syncs the WAL before each checkpoint and the database file after it.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Checkpoint in larger steps (and off this thread once the checkpoint thread runs); the WAL is
  // flushed after every commit either way.
  db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  db.pragma('cache_size = -32768');
}

/** Nested parts of a transaction (SQLite savepoints of one name nest: each ROLLBACK TO finds the innermost). */
function prepareSavepoints(db: Database.Database) {
  return { begin: db.prepare('SAVEPOINT herald_part'), release: db.prepare('RELEASE herald_part'), rollback: db.prepare('ROLLBACK TO herald_part') };
}

/** Statements are prepared lazily: the schema must exist (after `migrate`). */
function prepareAll(writer: Database.Database, reader: Database.Database) {
  return {
    writeEvents: createEventStatements(writer),
    writeProjections: createProjectionStatements(writer),
    writeJobs: createJobStatements(writer),
    writeAdmin: createAdminStatements(writer),
    writeSources: createSourceStatements(writer),
    writeNotifications: createNotificationStatements(writer),
    writeActivity: createActivityStatements(writer),
    writeCases: createCaseStatements(writer),
    writeCustomers: createCustomerStatements(writer),
    writeSettings: createSettingsStatements(writer),
    writeWorkflows: createWorkflowStatements(writer),
    writeChannels: createChannelStatements(writer),
    writeWeb: createWebStatements(writer),
    readEvents: createEventStatements(reader),
    readProjections: createProjectionStatements(reader),
    readJobs: createJobStatements(reader),
    readAdmin: createAdminStatements(reader),
    readSources: createSourceStatements(reader),
    readNotifications: createNotificationStatements(reader),
    readActivity: createActivityStatements(reader),
    readCases: createCaseStatements(reader),
    readEventHistory: createEventHistoryStatements(reader),
    readSettings: createSettingsStatements(reader),
    readWorkflows: createWorkflowStatements(reader),
    readChannels: createChannelStatements(reader),
    readWeb: createWebStatements(reader),
    readScorecard: createScorecardStatements(reader),
    readContacts: createContactStatements(reader),
  };
}

/** One indexed probe per order (a point query costs SQLite microseconds): the lists by order ref. */
function byOrder<T>(refs: readonly string[], load: (ref: string) => T[]): Map<string, T[]> {
  return new Map(refs.map((ref) => [ref, load(ref)]));
}
