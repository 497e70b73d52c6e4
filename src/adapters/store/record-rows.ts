// Rows of the tables both stores share, and their mapping to port records. JSON columns arrive as
// text from SQLite and already parsed from PostgreSQL (jsonb); `fromJson` takes either.

import { CASE_PRIORITIES, type CaseEvidence, type CaseRecord } from '../../core/cases/case-record.ts';
import type { ApiKeyRecord, QuarantineRecord, SourceConfigRecord } from '../../core/ports/store.ts';
import type { WorkflowRecord, WorkflowVersionRecord } from '../../core/workflows/workflow-record.ts';

type Json<T> = T | string;

export interface KeyRow {
  id: string;
  store_id: string;
  prefix: string;
  key_hash: string;
  name: string;
  created_at: string;
  revoked_at: string | null;
}

export interface SourceConfigRow {
  store_id: string;
  source: string;
  secret: string;
  url_token: string | null;
  shop_domain: string | null;
  settings: Json<Record<string, unknown>> | null;
  created_at: string;
}

export interface QuarantineRow {
  id: string;
  store_id: string;
  source: string;
  received_at: string;
  content_type: string;
  headers: Json<Record<string, string>>;
  body: Buffer;
  error: Json<Record<string, unknown>>;
  replayed_at: string | null;
  replay_result: Json<Record<string, unknown>> | null;
}

export interface WorkflowRow {
  store_id: string;
  workflow_id: string;
  current_version: number;
  /** 0/1 from SQLite, boolean from PostgreSQL. */
  enabled: number | boolean;
  updated_at: string;
}

export interface WorkflowVersionRow {
  store_id: string;
  workflow_id: string;
  version: number;
  document: Json<Record<string, unknown>>;
  source_text: string;
  created_at: string;
  created_by: string;
}

/** Tables whose record is its JSON body (notifications, cases, the run log, settings). */
export interface BodyRow<T> {
  body: Json<T>;
}

export function fromJson<T>(value: Json<T>): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export function toApiKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    prefix: row.prefix,
    keyHash: row.key_hash,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function toSourceConfig(row: SourceConfigRow): SourceConfigRecord {
  return {
    storeId: row.store_id,
    source: row.source,
    secret: row.secret,
    urlToken: row.url_token,
    shopDomain: row.shop_domain,
    settings: row.settings === null ? null : fromJson(row.settings),
    createdAt: row.created_at,
  };
}

export function toQuarantine(row: QuarantineRow): QuarantineRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    source: row.source,
    receivedAt: row.received_at,
    contentType: row.content_type,
    headers: fromJson(row.headers),
    body: new Uint8Array(row.body),
    error: fromJson(row.error),
    replayedAt: row.replayed_at,
    replayResult: row.replay_result === null ? null : fromJson(row.replay_result),
  };
}

export function toWorkflow(row: WorkflowRow): WorkflowRecord {
  return {
    storeId: row.store_id,
    workflowId: row.workflow_id,
    currentVersion: row.current_version,
    enabled: Boolean(row.enabled),
    updatedAt: row.updated_at,
  };
}

export function toWorkflowVersion(row: WorkflowVersionRow): WorkflowVersionRecord {
  return {
    storeId: row.store_id,
    workflowId: row.workflow_id,
    version: row.version,
    document: fromJson(row.document),
    sourceText: row.source_text,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export function fromBody<T>(row: BodyRow<T>): T {
  return fromJson(row.body);
}

/**
 * JSON text with object keys sorted at every level: equal for equal values whatever the key
 * order (PostgreSQL's jsonb reorders keys), so "is this document unchanged?" is a string compare.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)) as unknown));
}

// Shared by both adapters' openCase / addCaseEvidence. It is case policy rather than storage and
// would sit better in src/core/cases; it lives here until the core owns it.

/** The open case after another signal of the same order and reason: more evidence, maybe a higher priority. */
export function mergeIntoOpenCase(open: CaseRecord, next: CaseRecord): CaseRecord {
  const raise = CASE_PRIORITIES.indexOf(next.priority) > CASE_PRIORITIES.indexOf(open.priority);
  const riskier = next.risk !== undefined && (open.risk === undefined || next.risk.score > open.risk.score);
  const entry = { at: next.updatedAt, actor: next.openedBy, action: 'evidence' as const, detail: `${next.evidence.map((e) => e.summary).join('; ')}${raise ? `; priority ${open.priority} -> ${next.priority}` : ''}` };
  return {
    ...withEvidence(open, next.evidence, next.updatedAt),
    priority: raise ? next.priority : open.priority,
    ...(riskier ? { risk: next.risk } : {}),
    ...(open.history || next.history ? { history: [...(open.history ?? []), entry] } : {}),
  };
}

export function withEvidence(record: CaseRecord, evidence: readonly CaseEvidence[], updatedAt: string): CaseRecord {
  return { ...record, evidence: [...record.evidence, ...evidence], updatedAt };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/** Orders strings as SQL's BINARY collation orders ASCII keys (for rows sorted in code). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
