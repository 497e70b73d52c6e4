// Runs of one transaction share their reads. Every run and send reads its order's context (the
// order, all its parcels, its messages, its open cases, the customer's order count, consents);
// the runs an ingest batch or a job claim starts are mostly about the same few orders, so each
// of those reads is made once per transaction and kept up to date by the writes made through
// the same view (a new notification joins its order's list, a saved order replaces the cached
// one). The run log is buffered and written at the end in one call, which the store may pack.
// `prefetch` reads the orders of a whole claim at once (a query per kind of record instead of one
// per run: what matters where every read is a round trip, as on PostgreSQL).
//
// Handlers may change what they read before saving it, and a failure rolls writes back: the
// view is used for one savepoint or transaction and thrown away if anything in it fails.

import type { CaseRecord } from '../core/cases/case-record.ts';
import type { ConsentRecord } from '../core/consent/consent-record.ts';
import type { NotificationRecord } from '../core/notifications/notification-record.ts';
import type { OrderRecord } from '../core/order/order-record.ts';
import type { StoreTx } from '../core/ports/store.ts';
import type { ShipmentRecord } from '../core/shipment/shipment-record.ts';
import type { WorkflowActivityRecord } from '../core/workflows/workflow-activity.ts';

export interface SharedReads {
  /** The transaction as the handlers of this batch see it. */
  tx: StoreTx;
  /** Write what was buffered (the run log); call before the batch's jobs complete. */
  flush(): Promise<void>;
  /**
   * Read the orders a batch of jobs is about (`ordersOfJobs`), with their parcels, messages and
   * open cases, in one go per store; a lone job reads what it needs itself.
   */
  prefetch(jobs: readonly { storeId: string; payload: Record<string, unknown> }[]): Promise<void>;
}

/** The orders a batch of jobs is about (`payload.orderRef`), by store. */
export function ordersOfJobs(jobs: readonly { storeId: string; payload: Record<string, unknown> }[]): Map<string, string[]> {
  const byStore = new Map<string, Set<string>>();
  for (const job of jobs) {
    const ref = job.payload['orderRef'];
    if (typeof ref !== 'string') continue;
    const refs = byStore.get(job.storeId) ?? new Set<string>();
    refs.add(ref);
    byStore.set(job.storeId, refs);
  }
  return new Map([...byStore].map(([storeId, refs]) => [storeId, [...refs]]));
}

const key = (storeId: string, ref: string) => `${storeId}\u0000${ref}`;

export function withSharedReads(tx: StoreTx): SharedReads {
  const orders = new Map<string, OrderRecord | null>();
  const parcels = new Map<string, ShipmentRecord[]>();
  const notifications = new Map<string, NotificationRecord[]>();
  const openCases = new Map<string, CaseRecord[]>();
  const customerCounts = new Map<string, number>();
  const consents = new Map<string, ConsentRecord[]>();
  const log: WorkflowActivityRecord[] = [];

  const view: StoreTx = {
    // The stores' transactions are plain objects of functions: every other method passes through.
    ...tx,
    async loadOrders(storeId, refs) {
      const missing = refs.filter((ref) => !orders.has(key(storeId, ref)));
      if (missing.length > 0) {
        const loaded = await tx.loadOrders(storeId, missing);
        for (const ref of missing) orders.set(key(storeId, ref), loaded.get(ref) ?? null);
      }
      const found = new Map<string, OrderRecord>();
      for (const ref of refs) {
        const order = orders.get(key(storeId, ref));
        if (order) found.set(ref, order);
      }
      return found;
    },
    async saveOrders(records) {
      await tx.saveOrders(records);
      for (const order of records) orders.set(key(order.storeId, order.orderRef), order);
      customerCounts.clear();
    },
    async loadShipmentsOfOrders(storeId, refs) {
      // Kept per order (oldest parcel first), read together for the orders not cached yet.
      await rememberAll(parcels, storeId, refs, async (missing) => {
        const byOrder = new Map<string, ShipmentRecord[]>();
        for (const parcel of await tx.loadShipmentsOfOrders(storeId, missing)) {
          const list = byOrder.get(parcel.orderRef!);
          if (list) list.push(parcel);
          else byOrder.set(parcel.orderRef!, [parcel]);
        }
        return byOrder;
      });
      return refs.flatMap((ref) => parcels.get(key(storeId, ref)) ?? []);
    },
    async saveShipments(records) {
      await tx.saveShipments(records);
      // A parcel may have moved between orders: read them afresh.
      if (records.length > 0) parcels.clear();
    },
    async loadNotificationsOfOrders(storeId, refs) {
      await rememberAll(notifications, storeId, refs, (missing) => tx.loadNotificationsOfOrders(storeId, missing));
      return copies(notifications, storeId, refs);
    },
    async insertNotifications(records) {
      const isNew = await tx.insertNotifications(records);
      records.forEach((record, index) => {
        if (isNew[index]) notifications.get(key(record.storeId, record.orderRef))?.push(record);
      });
      return isNew;
    },
    async updateNotifications(records) {
      await tx.updateNotifications(records);
      for (const record of records) {
        const list = notifications.get(key(record.storeId, record.orderRef));
        const at = list?.findIndex((n) => n.id === record.id) ?? -1;
        if (at >= 0) list![at] = record;
        // A notification moved to another order (never done today): read both afresh.
        else if (list) notifications.clear();
      }
    },
    async loadOpenCasesOfOrders(storeId, refs) {
      await rememberAll(openCases, storeId, refs, (missing) => tx.loadOpenCasesOfOrders(storeId, missing));
      return copies(openCases, storeId, refs);
    },
    async openCase(record) {
      openCases.clear();
      return tx.openCase(record);
    },
    async saveCase(record) {
      openCases.clear();
      return tx.saveCase(record);
    },
    async addCaseEvidence(storeId, caseId, evidence, at) {
      openCases.clear();
      return tx.addCaseEvidence(storeId, caseId, evidence, at);
    },
    countCustomerOrders: (storeId, customerRef) => remember(customerCounts, key(storeId, customerRef), () => tx.countCustomerOrders(storeId, customerRef)),
    async loadConsents(storeId, addresses) {
      return [...(await remember(consents, key(storeId, addresses.join('\u0000')), () => tx.loadConsents(storeId, addresses)))];
    },
    async saveConsents(records) {
      await tx.saveConsents(records);
      consents.clear();
    },
    async appendActivity(records) {
      log.push(...records);
    },
  };

  return {
    tx: view,
    async prefetch(jobs) {
      if (jobs.length < 2) return;
      for (const [storeId, orderRefs] of ordersOfJobs(jobs)) {
        const found = await view.loadOrders(storeId, orderRefs);
        const refs = orderRefs.filter((ref) => found.has(ref));
        if (refs.length === 0) continue;
        await Promise.all([view.loadShipmentsOfOrders(storeId, refs), view.loadNotificationsOfOrders(storeId, refs), view.loadOpenCasesOfOrders(storeId, refs)]);
      }
    },
    async flush() {
      if (log.length === 0) return;
      const records = log.splice(0, log.length);
      await tx.appendActivity(records);
    },
  };
}

/** Reads the lists of the orders not cached yet, all in one call. */
async function rememberAll<T>(cache: Map<string, T[]>, storeId: string, refs: readonly string[], load: (missing: string[]) => Promise<Map<string, T[]>>): Promise<void> {
  const missing = [...new Set(refs.filter((ref) => !cache.has(key(storeId, ref))))];
  if (missing.length === 0) return;
  const loaded = await load(missing);
  for (const ref of missing) cache.set(key(storeId, ref), loaded.get(ref) ?? []);
}

/** The cached lists by order ref, as copies: a caller may change its list. */
function copies<T>(cache: Map<string, T[]>, storeId: string, refs: readonly string[]): Map<string, T[]> {
  return new Map(refs.map((ref) => [ref, [...(cache.get(key(storeId, ref)) ?? [])]]));
}

/** The cached value of `k`, read once through `load`. */
async function remember<T>(cache: Map<string, T>, k: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(k);
  if (cached !== undefined) return cached;
  const value = await load();
  cache.set(k, value);
  return value;
}
