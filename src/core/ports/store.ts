// The Store port: everything Herald persists, for every adapter (SQLite, PostgreSQL). One
// contract suite (test/contract/store-contract.ts) runs against each adapter unchanged.
//
// Left out on purpose: SQL, connection handling and dialect details (they stay in adapters), and
// any notion of "the current store": every call names its `storeId`, so no query can leak data
// across stores by forgetting a filter somewhere above.

import type { CanonicalEvent } from '../events/canonical-event.ts';
import type { OrderRecord } from '../order/order-record.ts';
import type { ShipmentRecord } from '../shipment/shipment-record.ts';
import type { JobBacklog, JobRecord, JobSpec, JobStats } from '../jobs/job.ts';
import type { BucketState, RateLimit } from '../channels/token-bucket.ts';
import type { CaseEvidence, CaseRecord } from '../cases/case-record.ts';
import type { NotificationRecord } from '../notifications/notification-record.ts';
import type { ChannelConfigRecord } from '../notifications/channel-config.ts';
import type { ConsentRecord } from '../consent/consent-record.ts';
import type { PageVisitCount, SessionRecord, UserRecord } from '../admin/user-record.ts';
import type { ScorecardFacts } from '../admin/scorecard-facts.ts';
import type { StoreSettings } from '../settings/store-settings.ts';
import type { WorkflowActivityRecord } from '../workflows/workflow-activity.ts';
import type { NewWorkflowVersion, WorkflowRecord, WorkflowVersionRecord } from '../workflows/workflow-record.ts';

export interface StoreRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  storeId: string;
  /** The first characters of the key, safe to show (`hk_live_ab12...`). */
  prefix: string;
  /** sha256 of the whole key, hex. Keys are never stored in the clear. */
  keyHash: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** One accepted event as the log keeps it. */
export interface EventRow {
  event: CanonicalEvent;
  /** Tracking number of the parcel this event is about, normalized; null for order-only events. */
  trackingNumber: string | null;
}

export interface StoredEvent extends EventRow {
  /** Position in the store-wide log: increases with acceptance order. */
  seq: number;
}

export interface RawPayload {
  storeId: string;
  source: string;
  receivedAt: string;
  contentType: string;
  /** Bytes exactly as received. */
  body: Uint8Array;
  /** Headers worth keeping for replay and audit (signatures, topic, webhook id). */
  headers: Record<string, string>;
}

/** One store's configuration of one webhook source (`POST /v1/sources/<source>/<store>`). */
export interface SourceConfigRecord {
  storeId: string;
  source: string;
  /** HMAC key or API key of the provider; never logged, never shown after `sources add`. */
  secret: string;
  /** Shippo's self-generated `?token=` when it differs from `secret`. */
  urlToken: string | null;
  /** Shopify: the `*.myshopify.com` domain this store owns; webhooks from any other shop are refused. */
  shopDomain: string | null;
  /** Generic JSON sources: how to authenticate and map the payload (docs/sources.md); null for built-in providers. */
  settings?: Record<string, unknown> | null | undefined;
  createdAt: string;
}

/** An authentic payload that could not be read or mapped, kept for replay after a fix. */
export interface QuarantineRecord {
  id: string;
  storeId: string;
  source: string;
  receivedAt: string;
  contentType: string;
  body: Uint8Array;
  headers: Record<string, string>;
  /** What went wrong, as the client was told (code, message, field or issues). */
  error: Record<string, unknown>;
  replayedAt: string | null;
  /** What the last successful replay did (accepted / duplicates). */
  replayResult: Record<string, unknown> | null;
}

/** Counts to add to one store's source in one UTC hour (`hour` = `YYYY-MM-DDTHH`). */
export interface SourceStatsDelta {
  storeId: string;
  source: string;
  hour: string;
  events: number;
  signatureFailures: number;
  parseFailures: number;
  unmapped: number;
  /** Newest `received_at` among the counted events, or null when none. */
  lastEventAt: string | null;
  /** Provider codes no mapping table knew (`<provider>:<code>`) with how often they arrived. */
  unmappedCodes: Record<string, number>;
}

export interface SourceStatsRow {
  source: string;
  hour: string;
  events: number;
  signatureFailures: number;
  parseFailures: number;
  unmapped: number;
  lastEventAt: string | null;
}

export interface UnmappedCodeRow {
  source: string;
  code: string;
  count: number;
  lastSeenAt: string;
}

/** Writes that belong to one transaction. Every method is scoped by `storeId`. */
export interface StoreTx {
  /** Keep the raw bytes; returns the `raw_ref` to put on the events they produced. */
  archiveRaw(payload: RawPayload): Promise<string>;
  /**
   * Append events to the log. Returns, per row, whether it was new: a row whose
   * (store, source, id) is already in the log is not written again (duplicate).
   */
  insertEvents(rows: readonly EventRow[]): Promise<boolean[]>;
  /** Orders by ref, locked against concurrent writers until the transaction ends. */
  loadOrders(storeId: string, orderRefs: readonly string[]): Promise<Map<string, OrderRecord>>;
  saveOrders(orders: readonly OrderRecord[]): Promise<void>;
  /** Shipments by normalized tracking number, locked like `loadOrders`. */
  loadShipments(storeId: string, trackingNumbers: readonly string[]): Promise<Map<string, ShipmentRecord>>;
  /** Every shipment of the given orders (to derive an order's status from all its parcels). */
  loadShipmentsOfOrders(storeId: string, orderRefs: readonly string[]): Promise<ShipmentRecord[]>;
  saveShipments(shipments: readonly ShipmentRecord[]): Promise<void>;
  /** Every logged event about one parcel, for replaying its truth after a late arrival. */
  loadShipmentEvents(storeId: string, trackingNumber: string): Promise<CanonicalEvent[]>;
  /** Create or supersede jobs by (store, key): a later schedule replaces the pending one. */
  scheduleJobs(jobs: readonly JobSpec[]): Promise<void>;
  /**
   * Finish claimed jobs inside the transaction that applied their effects, so the effects and the
   * completions commit together (in one round trip or two, however many: a claim's jobs complete
   * together). Throws when a lease was lost (another worker owns that job now), which rolls the
   * effects back.
   */
  completeJobs(jobs: readonly JobRecord[]): Promise<void>;
  /**
   * Drop waiting (unclaimed, not dead) jobs by key: a run started at once in this transaction
   * replaces a queued run of the same key, as a later schedule would have superseded it.
   */
  cancelPendingJobs(storeId: string, keys: readonly string[]): Promise<void>;
  /**
   * Run `work` as a nested part of this transaction: when it throws, its writes alone are undone
   * and the error is rethrown; the rest of the transaction goes on.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Run `action` once this transaction has committed, and is durable where the store answers
   * only then: for an effect outside the store that must follow the commit (a provider call
   * after its `pending` attempt is recorded). Dropped when the transaction, or the savepoint it
   * was registered in, rolls back. `action` must handle its own errors.
   */
  afterCommit(action: () => void): void;
  /** Remember which tracking number a Shopify fulfillment ships (first writer wins per id). */
  saveFulfillmentParcels(storeId: string, parcels: ReadonlyMap<string, string>): Promise<void>;
  /** Tracking numbers of the given fulfillment ids, where known. */
  loadFulfillmentParcels(storeId: string, fulfillmentIds: readonly string[]): Promise<Map<string, string>>;
  /** Keep an authentic payload that could not be read. */
  quarantine(record: QuarantineRecord): Promise<void>;
  /** Mark a quarantined payload as replayed; false when it is not this store's. */
  markReplayed(storeId: string, id: string, replayedAt: string, result: Record<string, unknown>): Promise<boolean>;
  /** Add to the hourly source health counters (and the unmapped code counts). */
  addSourceStats(deltas: readonly SourceStatsDelta[]): Promise<void>;

  /**
   * Add notifications. Returns, per record, whether it was new: one per (store, order, milestone
   * key, channel) ever, so a second "shipped" email for the same parcel is never created.
   */
  insertNotifications(records: readonly NotificationRecord[]): Promise<boolean[]>;
  /**
   * Replace notifications (status, history, rendered text) by id. Their order, milestone key,
   * channel and creation time must not change after insert (a store may keep their columns as inserted).
   */
  updateNotifications(records: readonly NotificationRecord[]): Promise<void>;
  /**
   * One notification, locked against concurrent writers until the transaction ends (as
   * loadOrders): a second transaction loading it waits for this one's commit and then reads
   * what it wrote, so two dispatchers cannot both decide to call the provider.
   */
  loadNotification(storeId: string, id: string): Promise<NotificationRecord | null>;
  /**
   * Every notification of each order, oldest first (supersede, "messages already sent"), by
   * order ref; an order without any maps to an empty list.
   */
  loadNotificationsOfOrders(storeId: string, orderRefs: readonly string[]): Promise<Map<string, NotificationRecord[]>>;
  /** How many notifications to one recipient were sent (status sent or later) since `sinceIso`: the frequency cap. */
  countSentToRecipient(storeId: string, recipient: string, sinceIso: string): Promise<number>;
  /** Append to the run log. */
  appendActivity(records: readonly WorkflowActivityRecord[]): Promise<void>;
  /**
   * Open a case, or add evidence to the open case of the same order and reason. Returns the case
   * as stored and whether it was newly opened.
   */
  openCase(record: CaseRecord): Promise<{ case: CaseRecord; opened: boolean }>;
  /** Add evidence to an existing case by id (no-op when it is not this store's). */
  addCaseEvidence(storeId: string, caseId: string, evidence: readonly CaseEvidence[], updatedAt: string): Promise<void>;
  /** Open cases of each order, oldest opened first, by order ref (an empty list for none). */
  loadOpenCasesOfOrders(storeId: string, orderRefs: readonly string[]): Promise<Map<string, CaseRecord[]>>;
  /** One case by id, locked for this transaction where the store locks rows. */
  loadCase(storeId: string, caseId: string): Promise<CaseRecord | null>;
  /** Replace a case (status, assignee, history ...) by id. */
  saveCase(record: CaseRecord): Promise<void>;
  /** How many orders of this customer the store knows (first-time buyer = 1). */
  countCustomerOrders(storeId: string, customerRef: string): Promise<number>;
  /** The notification a provider's receipt names by the provider's own message id. */
  findNotificationByProviderId(storeId: string, providerMessageId: string): Promise<NotificationRecord | null>;
  /** Consent records whose address or contact is one of `addresses` (normalized). */
  loadConsents(storeId: string, addresses: readonly string[]): Promise<ConsentRecord[]>;
  /** Create or replace consent records by (store, channel, address, purpose). */
  saveConsents(records: readonly ConsentRecord[]): Promise<void>;
}

/** Which cases of the queue to list, newest opened first. */
export interface CaseFilter {
  status?: 'open' | 'resolved' | undefined;
  team?: string | undefined;
  assignee?: string | undefined;
  limit: number;
}

/** Reads of committed data. */
export interface StoreReads {
  getOrder(storeId: string, orderRef: string): Promise<OrderRecord | null>;
  listShipmentsOfOrder(storeId: string, orderRef: string): Promise<ShipmentRecord[]>;
  getShipment(storeId: string, trackingNumber: string): Promise<ShipmentRecord | null>;
  /** Events of an order and of all its parcels, oldest `occurred_at` first. */
  listOrderEvents(storeId: string, orderRef: string, limit: number): Promise<StoredEvent[]>;
  listShipmentEvents(storeId: string, trackingNumber: string, limit: number): Promise<StoredEvent[]>;
  countEvents(storeId: string): Promise<number>;
  getEvent(storeId: string, source: string, eventId: string): Promise<StoredEvent | null>;
  /** The archived bytes behind a `raw_ref` (`raw:<id>` or `raw:<id>#<index>`), exactly as received. */
  getRaw(storeId: string, rawRef: string): Promise<RawPayload | null>;
  /** Quarantined payloads of a store, newest first. */
  listQuarantine(storeId: string, limit: number): Promise<QuarantineRecord[]>;
  getQuarantine(storeId: string, id: string): Promise<QuarantineRecord | null>;
  /** Hourly source health counters of a store from `sinceHour` (`YYYY-MM-DDTHH`) on, oldest first. */
  listSourceStats(storeId: string, sinceHour: string): Promise<SourceStatsRow[]>;
  /** The newest event time per source of a store, over all time. */
  lastEventTimes(storeId: string): Promise<Map<string, string>>;
  listUnmappedCodes(storeId: string): Promise<UnmappedCodeRow[]>;
  /** Notifications of an order, oldest first. */
  listOrderNotifications(storeId: string, orderRef: string): Promise<NotificationRecord[]>;
  /** Notifications of a store, newest first; optionally of some channels / statuses only (the outbox). */
  listNotifications(storeId: string, filter: { channels?: readonly string[]; statuses?: readonly string[]; limit: number }): Promise<NotificationRecord[]>;
  getNotification(storeId: string, id: string): Promise<NotificationRecord | null>;
  /** The run log of an order, oldest first. */
  listOrderActivity(storeId: string, orderRef: string, limit: number): Promise<WorkflowActivityRecord[]>;
  listCases(storeId: string, filter: CaseFilter): Promise<CaseRecord[]>;
  getCase(storeId: string, id: string): Promise<CaseRecord | null>;
  listOrderCases(storeId: string, orderRef: string): Promise<CaseRecord[]>;
  /**
   * Events of a store whose `occurred_at` is in [fromIso, toIso), in log order, `limit` at a time
   * after `afterSeq` (simulation replays history with it).
   */
  listEventsBetween(storeId: string, fromIso: string, toIso: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  findNotificationByProviderId(storeId: string, providerMessageId: string): Promise<NotificationRecord | null>;
  /** The order a tracking page token belongs to (tokens are unique across stores). */
  findOrderByTrackingToken(token: string): Promise<OrderRecord | null>;
  /**
   * What a tracking page is made of, as stored: the order's body and its parcels' bodies in one
   * string, which changes whenever the order or any of its parcels does (a parcel's body counts
   * the events folded into it). A rendered page is reused while this is unchanged.
   */
  trackingPageStamp(token: string): Promise<{ storeId: string; stamp: string } | null>;
  /** Page visit counters of a store from `sinceDay` (`YYYY-MM-DD`) on, oldest first. */
  listPageVisits(storeId: string, sinceDay: string): Promise<PageVisitCount[]>;
  /** The dashboard scorecard's aggregates over `[fromIso, toIso)` (src/app/scorecard.ts). */
  scorecardFacts(storeId: string, fromIso: string, toIso: string): Promise<ScorecardFacts>;
  /** Consent records of a store, newest change first; of some addresses (or contacts) only when given. */
  listConsents(storeId: string, filter: { addresses?: readonly string[]; limit: number }): Promise<ConsentRecord[]>;
  /**
   * Orders whose customer has this email (compared in lower case) or this phone (compared by its
   * digits: `+1 (718) 555-0134` is `1-718-555-0134`), either one when both are given; newest
   * first (placed, else first seen), at most `limit`. A national number does not match the same
   * number written with its country code: which country it belongs to cannot be guessed safely.
   */
  findOrdersByContact(storeId: string, contact: { email?: string; phone?: string }, limit: number): Promise<OrderRecord[]>;
  /** Orders whose storefront number is `number` (`#1001` is `1001`, any case), newest first, at most `limit`. */
  findOrdersByNumber(storeId: string, number: string, limit: number): Promise<OrderRecord[]>;
}

/**
 * Providers' rate-limit buckets (src/core/channels/token-bucket.ts), shared by every process of
 * one install: with several worker processes on one database a provider still sees its
 * configured rate in all, not that rate each. Outside any transaction; each call is atomic.
 * A store that only one process can open may keep them in memory.
 */
export interface RateBuckets {
  /** `takeToken` on the shared bucket: when the message may go (`nowMs`, or its promised slot), and the bucket after. */
  take(key: string, limit: RateLimit, nowMs: number): Promise<{ state: BucketState; atMs: number }>;
  /** `tryTakeToken`: waitMs 0 when a token was taken now, else how long to wait (nothing taken). */
  tryTake(key: string, limit: RateLimit, nowMs: number): Promise<{ state: BucketState; waitMs: number }>;
  /** `pauseBucket`: no token until `untilMs`. */
  pause(key: string, limit: RateLimit, nowMs: number, untilMs: number): Promise<BucketState>;
}

/** Durable jobs (DESIGN.md §6): claimed with a lease, retried with backoff, never lost. */
export interface JobQueue {
  /** Lease up to `limit` due jobs for `leaseMs`; each claim increments `attempts`. */
  claimDue(nowMs: number, limit: number, leaseMs: number, workerId: string): Promise<JobRecord[]>;
  /** Give a claimed job back: retry at `retryAtMs`, or park it as dead when `retryAtMs` is null. */
  releaseFailed(job: JobRecord, error: string, retryAtMs: number | null): Promise<void>;
  /** Earliest due time of any job that is not dead, or null when none is waiting. */
  nextDueAtMs(): Promise<number | null>;
  stats(nowMs: number): Promise<JobStats>;
  /** Just the backlog (due, unfinished jobs and the oldest one's age): cheap enough for every request path. */
  backlog(nowMs: number): Promise<JobBacklog>;
  /**
   * Wake-ups: `listener` is called soon after a commit (in any process sharing the database, where
   * the adapter can tell) scheduled a job due within a second. Returns an unsubscribe function.
   */
  onWake(listener: () => void): () => void;
}

export interface StoreAdmin {
  createStore(store: StoreRecord): Promise<void>;
  getStore(id: string): Promise<StoreRecord | null>;
  listStores(): Promise<StoreRecord[]>;
  createApiKey(key: ApiKeyRecord): Promise<void>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  listApiKeys(storeId: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(storeId: string, keyId: string, revokedAt: string): Promise<boolean>;
  /** Create or replace a store's configuration of one source. */
  saveSourceConfig(config: SourceConfigRecord): Promise<void>;
  getSourceConfig(storeId: string, source: string): Promise<SourceConfigRecord | null>;
  /** Every configured source, of one store or (null) of all stores. */
  listSourceConfigs(storeId: string | null): Promise<SourceConfigRecord[]>;

  /** A store's settings as saved (partial), or null when never saved. */
  getStoreSettings(storeId: string): Promise<Partial<StoreSettings> | null>;
  saveStoreSettings(storeId: string, settings: Partial<StoreSettings>, updatedAt: string): Promise<void>;

  /**
   * Save a new version of a workflow and make it current, atomically (concurrent saves get
   * consecutive versions). When `document` equals the current version's, nothing is written and
   * the current version is returned (`created: false`). A new workflow starts with `enabled`; an
   * existing one keeps its enabled flag unless `enabled` is given.
   */
  saveWorkflowVersion(input: NewWorkflowVersion, enabled?: boolean): Promise<{ version: WorkflowVersionRecord; created: boolean }>;
  /** Enable or disable a workflow (its current version); false when the workflow does not exist. */
  setWorkflowEnabled(storeId: string, workflowId: string, enabled: boolean, updatedAt: string): Promise<boolean>;
  listWorkflows(storeId: string): Promise<WorkflowRecord[]>;
  getWorkflow(storeId: string, workflowId: string): Promise<WorkflowRecord | null>;
  /** One version, or the current one when `version` is null. */
  getWorkflowVersion(storeId: string, workflowId: string, version: number | null): Promise<WorkflowVersionRecord | null>;
  /** Every version of a workflow, newest first. */
  listWorkflowVersions(storeId: string, workflowId: string): Promise<WorkflowVersionRecord[]>;
  /** The current versions of a store's enabled workflows: what the engine runs. */
  listEnabledWorkflowVersions(storeId: string): Promise<WorkflowVersionRecord[]>;

  /** Create or replace the providers of one channel of a store. */
  saveChannelConfig(record: ChannelConfigRecord): Promise<void>;
  /** Every configured channel of a store. */
  listChannelConfigs(storeId: string): Promise<ChannelConfigRecord[]>;
  /**
   * The install-wide secret of this name: `candidate` is stored when there is none yet, and
   * whichever was stored first is returned, so every process of an install agrees.
   */
  installSecret(name: string, candidate: string, createdAt: string): Promise<string>;

  /** Add to page visit counters. */
  addPageVisits(rows: readonly PageVisitCount[]): Promise<void>;
  /** Create a dashboard user; false when the store already has one with that email. */
  createUser(user: UserRecord): Promise<boolean>;
  saveUser(user: UserRecord): Promise<void>;
  findUserByEmail(storeId: string, email: string): Promise<UserRecord | null>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(storeId: string): Promise<UserRecord[]>;
  createSession(record: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Remove sessions that expired at or before `nowIso`; returns how many. */
  deleteExpiredSessions(nowIso: string): Promise<number>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Run `work` in one durable transaction and resolve after it commits. Adapters may group
   * concurrent calls into one commit, but each call still succeeds or fails alone. `work` must
   * only touch `tx` (no network, no timers): it may run while other calls wait for the commit.
   * An adapter may run `work` again when the database aborted the transaction (deadlock,
   * serialization failure), so `work` must depend only on what it reads through `tx`.
   */
  transact<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  readonly reads: StoreReads;
  readonly jobs: JobQueue;
  readonly rateBuckets: RateBuckets;
  readonly admin: StoreAdmin;
  /** Bring the schema up to date; refuses when the database is ahead of this build. */
  migrate(): Promise<{ applied: string[]; current: number }>;
  close(): Promise<void>;
}
