// Runs of one transaction share their reads. Every run and send reads its order's context (the
// order, all its parcels, its messages, its open cases, the customer's order count, consents);
// the runs an ingest batch or a job claim starts are mostly about the same few orders, so each
// of those reads is made once per transaction and kept up to date by the writes made through
// the same view (a new notification joins its order's list, a saved order replaces the cached
// one). The run log is buffered and written at the end in one call, which the store may pack.
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
      if (refs.length !== 1) return tx.loadShipmentsOfOrders(storeId, refs);
      return [...(await remember(parcels, key(storeId, refs[0]!), () => tx.loadShipmentsOfOrders(storeId, refs)))];
    },
    async saveShipments(records) {
      await tx.saveShipments(records);
      // A parcel may have moved between orders: read them afresh.
      if (records.length > 0) parcels.clear();
    },
    async loadOrderNotifications(storeId, ref) {
      return [...(await remember(notifications, key(storeId, ref), () => tx.loadOrderNotifications(storeId, ref)))];
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
    async loadOpenCases(storeId, ref) {
      return [...(await remember(openCases, key(storeId, ref), () => tx.loadOpenCases(storeId, ref)))];
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
    async flush() {
      if (log.length === 0) return;
      const records = log.splice(0, log.length);
      await tx.appendActivity(records);
    },
  };
}

/** The cached value of `k`, read once through `load`. */
async function remember<T>(cache: Map<string, T>, k: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(k);
  if (cached !== undefined) return cached;
  const value = await load();
  cache.set(k, value);
  return value;
}
