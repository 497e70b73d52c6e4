// The scale-out store: PostgreSQL 15+ through a pg Pool, shared by any number of Herald
// processes. Each `transact` is one BEGIN/COMMIT on one pooled connection (PostgreSQL groups
// concurrent commits in its WAL flush, so no group commit here); writers of the same order or
// parcel are serialized by advisory locks; jobs are claimed with FOR UPDATE SKIP LOCKED and
// workers are woken by LISTEN/NOTIFY. The design and its reasons: docs/postgres.md.

import pg from 'pg';
import type { Clock } from '../../../core/ports/clock.ts';
import { isoAt } from '../../../core/ports/clock.ts';
import type { Store, StoreTx } from '../../../core/ports/store.ts';
import { runActions } from '../after-commit.ts';
import { readMigrationFiles } from '../migration-files.ts';
import { createEventPartitions } from './event-partitions.ts';
import { listenForWakeups } from './listen-for-wakeups.ts';
import { migratePostgres } from './migrate-postgres.ts';
import * as activity from './sql/activity.ts';
import * as admin from './sql/admin.ts';
import * as cases from './sql/cases.ts';
import * as customers from './sql/customers.ts';
import * as channels from './sql/channels.ts';
import * as web from './sql/web.ts';
import * as scorecard from './sql/scorecard.ts';
import * as contacts from './sql/contacts.ts';
import { preparedQuery, type Db } from './sql/db.ts';
import * as eventHistory from './sql/event-history.ts';
import * as events from './sql/events.ts';
import * as jobs from './sql/jobs.ts';
import * as notifications from './sql/notifications.ts';
import * as projections from './sql/projections.ts';
import { rateBuckets } from './sql/rate-buckets.ts';
import * as settings from './sql/settings.ts';
import * as sources from './sql/sources.ts';
import * as workflows from './sql/workflows.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  clock: Clock;
  /** Months of event log kept before the current month; 0 keeps everything. */
  eventRetentionMonths: number;
  /** Most connections this process opens; further transactions wait for one. Default 10. */
  maxConnections?: number;
  /** Month partitions kept ready after the current month. Default 3. */
  partitionMonthsAhead?: number;
  /** How often partition maintenance runs while the store is open, in ms; 0 = only at migrate. Default 1 hour. */
  maintenanceIntervalMs?: number;
  /** Longest wait for a table lock during partition maintenance, in ms. Default 5,000. */
  maintenanceLockTimeoutMs?: number;
  /**
   * Run the adapter's statements as named prepared statements (parsed and planned once per
   * connection). Default true; set false behind a pooler that cannot keep them (PgBouncer in
   * transaction mode before 1.21).
   */
  preparedStatements?: boolean;
  /** Failures of background work (LISTEN connection, partition maintenance); each retries by itself. */
  onBackgroundError?: (error: unknown) => void;
}

/** Event-log housekeeping, run at migrate and then every `maintenanceIntervalMs`. */
export interface EventLogMaintenance {
  /** Creates the partitions of this month and the next ones, and moves stray rows out of DEFAULT. */
  ensureEventPartitions(nowMs?: number): Promise<string[]>;
  /** Drops the month partitions older than `eventRetentionMonths` (none when it is 0). */
  dropExpiredEventPartitions(nowMs?: number): Promise<string[]>;
}

export type PostgresStore = Store & EventLogMaintenance;

/** Deadlock and serialization failures: PostgreSQL rolled the transaction back; run it again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_TRANSACTION_ATTEMPTS = 5;
const WAKE_WITHIN_MS = 1_000;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { clock } = options;
  let closed = false;
  // After close, a connection that reports its own shutdown is not news.
  const onBackgroundError = (error: unknown) => {
    if (!closed) (options.onBackgroundError ?? reportBackgroundError)(error);
  };
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // An idle connection that dies (server restart) is dropped by the pool; say so, do not crash.
  pool.on('error', onBackgroundError);
  const prepared = options.preparedStatements ?? true;
  const toQuery = (text: string, values: readonly unknown[] | undefined) =>
    prepared ? preparedQuery(text, values) : { text, values: values === undefined ? [] : [...values] };
  const db: Db = { query: (text, values) => pool.query(toQuery(text, values)) };
  const nowIso = () => isoAt(clock.nowMs());

  const partitions = createEventPartitions(pool, {
    monthsAhead: options.partitionMonthsAhead ?? 3,
    retentionMonths: options.eventRetentionMonths,
    lockTimeoutMs: options.maintenanceLockTimeoutMs ?? 5_000,
  });
  const wakeups = listenForWakeups({ connectionString: options.url, channel: jobs.WAKE_CHANNEL, onError: onBackgroundError });

  // Maintenance runs one at a time in this process (and one at a time across processes, by an
  // advisory lock). A commit that wrote to a month without a partition asks for `ensure` in the
  // background; a request while one is queued joins it. Dropping stays with migrate and the timer.
  let chain: Promise<unknown> = Promise.resolve();
  let ensureQueued = false;
  let timer: NodeJS.Timeout | null = null;
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = chain.then(run, run);
    chain = next.catch(() => {});
    return next;
  };
  const maintain = async (nowMs: number) => {
    await partitions.ensure(nowMs);
    await partitions.dropExpired(nowMs);
  };
  const inBackground = (run: () => Promise<unknown>) => {
    if (!closed) serial(run).catch(onBackgroundError);
  };
  const requestEnsure = () => {
    if (ensureQueued || closed) return;
    ensureQueued = true;
    inBackground(async () => {
      ensureQueued = false;
      if (!closed) await partitions.ensure(clock.nowMs());
    });
  };

  async function runTransaction<T>(work: (txDb: Db, state: TxState) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const state: TxState = { failure: undefined, notified: false, strayMonth: false, actions: [], eventCounts: new Map() };
    const txDb: Db = {
      query: async (text, values) => {
        try {
          return await client.query(toQuery(text, values));
        } catch (error) {
          state.failure ??= error;
          throw error;
        }
      },
    };
    let broken = false;
    try {
      await client.query('BEGIN');
      const value = await work(txDb, state);
      // A statement failed and `work` swallowed it: the transaction is aborted and COMMIT would
      // quietly roll it back, so report the failure instead of a success.
      if (state.failure !== undefined) throw state.failure;
      // Last, so that the count rows' locks are held only for the COMMIT.
      if (state.eventCounts.size > 0) await events.addEventCounts(txDb, state.eventCounts);
      await client.query('COMMIT');
      if (state.strayMonth) requestEnsure();
      // After this attempt's COMMIT only: a retried attempt registered its own.
      runActions(state.actions);
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (error !== state.failure && isRetryable(state.failure)) throw state.failure;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  function createTx(txDb: Db, state: TxState): StoreTx {
    return {
      archiveRaw: (payload) => events.archiveRaw(txDb, payload),
      insertEvents: async (rows) => {
        if (rows.some((row) => !partitions.covers(row.event.received_at))) state.strayMonth = true;
        const fresh = await events.insertEvents(txDb, rows);
        fresh.forEach((written, index) => {
          if (!written) return;
          const key = events.countKeyOf(rows[index]!.event);
          state.eventCounts.set(key, (state.eventCounts.get(key) ?? 0) + 1);
        });
        return fresh;
      },
      loadOrders: (storeId, refs) => projections.loadOrders(txDb, storeId, refs),
      saveOrders: (orders) => projections.saveOrders(txDb, orders),
      loadShipments: (storeId, numbers) => projections.loadShipments(txDb, storeId, numbers),
      loadShipmentsOfOrders: (storeId, refs) => projections.shipmentsOfOrders(txDb, storeId, refs),
      saveShipments: (shipments) => projections.saveShipments(txDb, shipments),
      loadShipmentEvents: (storeId, number) => events.loadShipmentEvents(txDb, storeId, number),
      scheduleJobs: async (specs) => {
        const earliest = await jobs.scheduleJobs(txDb, specs, nowIso());
        if (!state.notified && earliest <= clock.nowMs() + WAKE_WITHIN_MS) {
          state.notified = true;
          await jobs.notifyWorkers(txDb);
        }
      },
      completeJobs: (claimed) => jobs.completeJobs(txDb, claimed),
      cancelPendingJobs: (storeId, keys) => jobs.cancelPendingJobs(txDb, storeId, keys),
      savepoint: async (work) => {
        const before = { failure: state.failure, notified: state.notified, actions: state.actions.length, eventCounts: new Map(state.eventCounts) };
        await txDb.query('SAVEPOINT herald_part');
        try {
          const value = await work();
          if (state.failure !== before.failure) throw state.failure;
          await txDb.query('RELEASE SAVEPOINT herald_part');
          return value;
        } catch (error) {
          // A deadlock or serialization failure dooms the whole transaction: it is retried whole.
          if (isRetryable(state.failure)) throw error;
          await txDb.query('ROLLBACK TO SAVEPOINT herald_part');
          // The part's failed statement and its NOTIFY are undone with it.
          state.failure = before.failure;
          state.notified = before.notified;
          state.actions.length = before.actions;
          state.eventCounts = before.eventCounts;
          throw error;
        }
      },
      afterCommit: (action) => {
        state.actions.push(action);
      },
      saveFulfillmentParcels: (storeId, parcels) => sources.saveFulfillmentParcels(txDb, storeId, parcels),
      loadFulfillmentParcels: (storeId, ids) => sources.loadFulfillmentParcels(txDb, storeId, ids),
      quarantine: (record) => sources.quarantine(txDb, record),
      markReplayed: (storeId, id, at, result) => sources.markReplayed(txDb, storeId, id, at, result),
      addSourceStats: (deltas) => sources.addSourceStats(txDb, deltas),
      insertNotifications: (records) => notifications.insertNotifications(txDb, records),
      updateNotifications: (records) => notifications.updateNotifications(txDb, records),
      loadNotification: (storeId, id) => notifications.lockNotification(txDb, storeId, id),
      loadNotificationsOfOrders: (storeId, refs) => notifications.notificationsOfOrders(txDb, storeId, refs),
      countSentToRecipient: (storeId, recipient, since) => notifications.countSentToRecipient(txDb, storeId, recipient, since),
      appendActivity: (records) => activity.appendActivity(txDb, records),
      openCase: (record) => cases.openCase(txDb, record),
      addCaseEvidence: (storeId, caseId, evidence, at) => cases.addCaseEvidence(txDb, storeId, caseId, evidence, at),
      loadOpenCasesOfOrders: (storeId, refs) => cases.openCasesOfOrders(txDb, storeId, refs),
      loadCase: (storeId, id) => cases.loadCase(txDb, storeId, id),
      saveCase: (record) => cases.saveCase(txDb, record),
      countCustomerOrders: (storeId, customerRef) => customers.countCustomerOrders(txDb, storeId, customerRef),
      findNotificationByProviderId: (storeId, id) => notifications.findNotificationByProviderId(txDb, storeId, id),
      loadConsents: (storeId, addresses) => channels.listConsents(txDb, storeId, addresses, 1_000),
      saveConsents: (records) => channels.saveConsents(txDb, records),
    };
  }

  /**
   * Runs again (up to 5 times) when PostgreSQL aborts the transaction for a deadlock or a
   * serialization failure; `work` only touches the transaction's connection, so a rerun starts
   * from scratch.
   */
  async function withRetries<T>(work: (txDb: Db, state: TxState) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await runTransaction(work);
      } catch (error) {
        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  return {
    dialect: 'postgres',
    /**
     * May run `work` again (up to 5 times) when PostgreSQL aborts the transaction for a deadlock
     * or a serialization failure; `work` only touches `tx`, so a rerun starts from scratch.
     */
    transact: (work) => withRetries((txDb, state) => work(createTx(txDb, state))),
    reads: {
      getOrder: (storeId, ref) => projections.getOrder(db, storeId, ref),
      listShipmentsOfOrder: (storeId, ref) => projections.shipmentsOfOrders(db, storeId, [ref]),
      getShipment: (storeId, number) => projections.getShipment(db, storeId, number),
      listOrderEvents: (storeId, ref, limit) => events.listOrderEvents(db, storeId, ref, limit),
      listShipmentEvents: (storeId, number, limit) => events.listShipmentEvents(db, storeId, number, limit),
      countEvents: (storeId) => events.countEvents(db, storeId),
      getEvent: (storeId, source, id) => events.getEvent(db, storeId, source, id),
      getRaw: (storeId, rawRef) => events.getRaw(db, storeId, rawRef),
      listQuarantine: (storeId, limit) => sources.listQuarantine(db, storeId, limit),
      getQuarantine: (storeId, id) => sources.getQuarantine(db, storeId, id),
      listSourceStats: (storeId, sinceHour) => sources.listSourceStats(db, storeId, sinceHour),
      lastEventTimes: (storeId) => sources.lastEventTimes(db, storeId),
      listUnmappedCodes: (storeId) => sources.listUnmappedCodes(db, storeId),
      listOrderNotifications: (storeId, ref) => notifications.listOrderNotifications(db, storeId, ref),
      listNotifications: (storeId, filter) => notifications.listNotifications(db, storeId, filter),
      getNotification: (storeId, id) => notifications.getNotification(db, storeId, id),
      listOrderActivity: (storeId, ref, limit) => activity.listOrderActivity(db, storeId, ref, limit),
      listCases: (storeId, filter) => cases.listCases(db, storeId, filter),
      getCase: (storeId, id) => cases.getCase(db, storeId, id),
      listOrderCases: (storeId, ref) => cases.listOrderCases(db, storeId, ref),
      listEventsBetween: (storeId, from, to, afterSeq, limit) => eventHistory.listEventsBetween(db, storeId, from, to, afterSeq, limit),
      findNotificationByProviderId: (storeId, id) => notifications.findNotificationByProviderId(db, storeId, id),
      listConsents: (storeId, filter) => channels.listConsents(db, storeId, filter.addresses ?? null, filter.limit),
      findOrderByTrackingToken: (token) => web.findOrderByTrackingToken(db, token),
      trackingPageStamp: (token) => web.trackingPageStamp(db, token),
      listPageVisits: (storeId, sinceDay) => web.listPageVisits(db, storeId, sinceDay),
      scorecardFacts: (storeId, fromIso, toIso) => scorecard.scorecardFacts(db, storeId, fromIso, toIso),
      findOrdersByContact: (storeId, contact, limit) => contacts.findOrdersByContact(db, storeId, contact, limit),
      findOrdersByNumber: (storeId, number, limit) => contacts.findOrdersByNumber(db, storeId, number, limit),
    },
    rateBuckets: rateBuckets(db),
    jobs: {
      claimDue: (nowMs, limit, leaseMs, workerId) => jobs.claimDue(db, nowMs, limit, leaseMs, workerId),
      releaseFailed: (job, error, retryAtMs) => jobs.releaseFailed(db, job, error, retryAtMs, nowIso()),
      nextDueAtMs: () => jobs.nextDueAtMs(db),
      stats: (nowMs) => jobs.jobStats(db, nowMs),
      backlog: (nowMs) => jobs.jobBacklog(db, nowMs),
      onWake: (listener) => wakeups.onWake(listener),
    },
    admin: {
      createStore: (store) => admin.createStore(db, store),
      getStore: (id) => admin.getStore(db, id),
      listStores: () => admin.listStores(db),
      createApiKey: (key) => admin.createApiKey(db, key),
      findApiKeyByHash: (hash) => admin.findApiKeyByHash(db, hash),
      listApiKeys: (storeId) => admin.listApiKeys(db, storeId),
      revokeApiKey: (storeId, keyId, at) => admin.revokeApiKey(db, storeId, keyId, at),
      saveSourceConfig: (config) => sources.saveSourceConfig(db, config),
      getSourceConfig: (storeId, source) => sources.getSourceConfig(db, storeId, source),
      listSourceConfigs: (storeId) => sources.listSourceConfigs(db, storeId),
      getStoreSettings: (storeId) => settings.getStoreSettings(db, storeId),
      saveStoreSettings: (storeId, saved, at) => settings.saveStoreSettings(db, storeId, saved, at),
      // Its own transaction: the advisory lock that serializes concurrent saves is transaction-scoped.
      saveWorkflowVersion: (input, enabled) => withRetries((txDb) => workflows.saveWorkflowVersion(txDb, input, enabled)),
      setWorkflowEnabled: (storeId, workflowId, enabled, at) => workflows.setWorkflowEnabled(db, storeId, workflowId, enabled, at),
      listWorkflows: (storeId) => workflows.listWorkflows(db, storeId),
      getWorkflow: (storeId, workflowId) => workflows.getWorkflow(db, storeId, workflowId),
      getWorkflowVersion: (storeId, workflowId, version) => workflows.getWorkflowVersion(db, storeId, workflowId, version),
      listWorkflowVersions: (storeId, workflowId) => workflows.listWorkflowVersions(db, storeId, workflowId),
      listEnabledWorkflowVersions: (storeId) => workflows.listEnabledWorkflowVersions(db, storeId),
      saveChannelConfig: (record) => channels.saveChannelConfig(db, record),
      listChannelConfigs: (storeId) => channels.listChannelConfigs(db, storeId),
      installSecret: (name, candidate, at) => channels.installSecret(db, name, candidate, at),
      addPageVisits: (rows) => web.addPageVisits(db, rows),
      createUser: (user) => web.createUser(db, user),
      saveUser: (user) => web.saveUser(db, user),
      findUserByEmail: (storeId, email) => web.findUserByEmail(db, storeId, email),
      getUser: (id) => web.getUser(db, id),
      listUsers: (storeId) => web.listUsers(db, storeId),
      createSession: (record) => web.createSession(db, record),
      getSession: (idHash) => web.getSession(db, idHash),
      deleteSession: (idHash) => web.deleteSession(db, idHash),
      deleteExpiredSessions: (nowIso) => web.deleteExpiredSessions(db, nowIso),
    },
    async migrate() {
      const outcome = await migratePostgres(pool, readMigrationFiles('postgres'), nowIso());
      await serial(() => maintain(clock.nowMs()));
      const intervalMs = options.maintenanceIntervalMs ?? 3_600_000;
      if (timer === null && intervalMs > 0 && !closed) {
        timer = setInterval(() => inBackground(() => maintain(clock.nowMs())), intervalMs);
        timer.unref();
      }
      return outcome;
    },
    ensureEventPartitions: (nowMs = clock.nowMs()) => serial(() => partitions.ensure(nowMs)),
    dropExpiredEventPartitions: (nowMs = clock.nowMs()) => serial(() => partitions.dropExpired(nowMs)),
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await chain;
      await wakeups.close();
      await endPool(pool);
    },
  };
}

interface TxState {
  /** The first statement that failed in this transaction. */
  failure: unknown;
  notified: boolean;
  /** An event went to a month this process has not seen a partition for. */
  strayMonth: boolean;
  /** `afterCommit` actions, run after COMMIT. */
  actions: (() => void)[];
  /** Events written, by `countKeyOf` key: added to the kept counts just before COMMIT. */
  eventCounts: Map<string, number>;
}

/** pool.end() resolves before the sockets close; wait for them (briefly) so nothing outlives close. */
async function endPool(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount;
  const socketsClosed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      open -= 1;
      if (open <= 0) resolve();
    });
  });
  await pool.end();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([socketsClosed, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
  clearTimeout(timer);
}

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE_CODES.has(String((error as { code?: unknown }).code));
}

function reportBackgroundError(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)), { code: 'HERALD_POSTGRES_BACKGROUND' });
}
