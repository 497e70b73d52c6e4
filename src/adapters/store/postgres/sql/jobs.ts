// Statements over the job table: schedule (supersede by key), claim with a lease (FOR UPDATE
// SKIP LOCKED, so workers in many processes never wait on each other), finish. Same semantics as
// the SQLite adapter's sql/jobs.ts.

import { claimByPriority, DEFAULT_MAX_ATTEMPTS, JOB_PRIORITY, type JobBacklog, type JobKind, type JobRecord, type JobSpec, type JobStats } from '../../../../core/jobs/job.ts';
import { LeaseLost } from '../../../../core/errors.ts';
import { compareText } from '../../record-rows.ts';
import { bodiesParam, toNumber, toNumberOrNull, type Db } from './db.ts';

interface JobDbRow {
  id: string;
  store_id: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  due_at: string;
  attempts: number;
  max_attempts: number;
  revision: number;
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
}

const JOB_COLUMNS = 'id, store_id, kind, key, payload, due_at, attempts, max_attempts, revision, locked_until, locked_by, last_error, created_at';

/** The channel a commit notifies when it scheduled a job due within a second. */
export const WAKE_CHANNEL = 'herald_jobs';

/**
 * Creates or supersedes jobs by (store, key) in one upsert; returns the earliest due time. Of
 * several specs with the same key in one call the last wins (the same end state as SQLite's
 * one-by-one upserts, which supersede within the call).
 */
export async function scheduleJobs(db: Db, jobs: readonly JobSpec[], createdAt: string): Promise<number> {
  const byKey = new Map<string, JobSpec>();
  for (const job of jobs) byKey.set(`${job.storeId}\u0000${job.key}`, job);
  // Key order: concurrent schedulers of overlapping keys lock rows in the same order.
  const latest = [...byKey.entries()].sort(([a], [b]) => compareText(a, b)).map(([, job]) => job);
  if (latest.length === 0) return Number.POSITIVE_INFINITY;
  await db.query(
    `INSERT INTO jobs (store_id, kind, key, payload, due_at, max_attempts, created_at, priority)
     SELECT u.s, u.k, u.key, p.payload::jsonb, u.d, u.m, $7, u.pr
     FROM unnest($1::text[], $2::text[], $3::text[], $5::bigint[], $6::int[], $8::int[]) WITH ORDINALITY AS u (s, k, key, d, m, pr, ord)
     JOIN json_array_elements($4::json) WITH ORDINALITY AS p (payload, ord) ON p.ord = u.ord
     ORDER BY u.ord
     ON CONFLICT (store_id, key) DO UPDATE SET kind = excluded.kind, priority = excluded.priority, payload = excluded.payload,
       due_at = excluded.due_at, max_attempts = excluded.max_attempts, attempts = 0,
       revision = jobs.revision + 1, last_error = NULL, dead_at = NULL`,
    [
      latest.map((j) => j.storeId),
      latest.map((j) => j.kind),
      latest.map((j) => j.key),
      bodiesParam(latest.map((j) => j.payload)),
      latest.map((j) => j.dueAtMs),
      latest.map((j) => j.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
      createdAt,
      latest.map((j) => JOB_PRIORITY[j.kind] ?? 0),
    ],
  );
  return Math.min(...latest.map((j) => j.dueAtMs));
}

/** Delivered to every listener when the surrounding transaction commits, never before. */
export async function notifyWorkers(db: Db): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [WAKE_CHANNEL, '']);
}

/** Later pipeline stages first, every level with a share (`claimByPriority`); one statement per level. */
export async function claimDue(db: Db, nowMs: number, limit: number, leaseMs: number, workerId: string): Promise<JobRecord[]> {
  const claimed = await claimByPriority(limit, async (priority, count) => {
    const { rows } = await db.query<JobDbRow>(
      `WITH picked AS (
         SELECT id FROM jobs
         WHERE priority = $5 AND dead_at IS NULL AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY due_at LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs SET locked_until = $2, locked_by = $3, attempts = jobs.attempts + 1
       FROM picked WHERE jobs.id = picked.id
       RETURNING ${JOB_COLUMNS.split(', ').map((c) => `jobs.${c}`).join(', ')}`,
      [nowMs, nowMs + leaseMs, workerId, count, priority],
    );
    return rows.map(toJob).sort((a, b) => a.dueAtMs - b.dueAtMs || compareIds(a.id, b.id));
  });
  return claimed;
}

/**
 * Inside the caller's transaction: removes each job unless it was superseded meanwhile (then
 * only lets go of its lease). Throws when another worker holds a lease now. Two round trips for
 * a whole claim, the rows locked in id order.
 */
export async function completeJobs(db: Db, jobs: readonly JobRecord[]): Promise<void> {
  if (jobs.length === 0) return;
  const { rows } = await db.query<{ id: string; locked_by: string | null; revision: number }>(
    'SELECT id::text AS id, locked_by, revision FROM jobs WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
    [jobs.map((job) => job.id)],
  );
  const current = new Map(rows.map((row) => [row.id, row]));
  const done: string[] = [];
  const superseded: string[] = [];
  for (const job of jobs) {
    const row = current.get(String(job.id));
    if (!row || row.locked_by !== job.lockedBy) {
      throw new LeaseLost(`job ${job.id} (${job.key}) lost its lease before it completed; its effect is rolled back`);
    }
    (row.revision === job.revision ? done : superseded).push(String(job.id));
  }
  await db.query(
    `WITH gone AS (DELETE FROM jobs WHERE id = ANY($1::bigint[]))
     UPDATE jobs SET locked_until = NULL, locked_by = NULL WHERE id = ANY($2::bigint[])`,
    [done, superseded],
  );
}

/** Drops waiting jobs by key (not leased, not dead). */
export async function cancelPendingJobs(db: Db, storeId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query('DELETE FROM jobs WHERE store_id = $1 AND key = ANY($2::text[]) AND locked_by IS NULL AND dead_at IS NULL', [storeId, [...keys]]);
}

/**
 * Gives a claimed job back in one statement: retried at `retryAtMs` or parked as dead, unless it
 * was superseded while it ran (then it keeps its new schedule and only the lease is dropped).
 */
export async function releaseFailed(db: Db, job: JobRecord, error: string, retryAtMs: number | null, deadAt: string): Promise<void> {
  await db.query(
    `UPDATE jobs SET
       due_at = CASE WHEN revision = $3 AND $4::bigint IS NOT NULL THEN $4::bigint ELSE due_at END,
       dead_at = CASE WHEN revision = $3 AND $4::bigint IS NULL THEN $5 ELSE dead_at END,
       last_error = CASE WHEN revision = $3 THEN $6 ELSE last_error END,
       locked_until = NULL, locked_by = NULL
     WHERE id = $1 AND locked_by = $2`,
    [job.id, job.lockedBy, job.revision, retryAtMs, deadAt, error],
  );
}

export async function nextDueAtMs(db: Db): Promise<number | null> {
  const { rows } = await db.query<{ due: string | null }>('SELECT min(due_at) AS due FROM jobs WHERE dead_at IS NULL');
  return toNumberOrNull(rows[0]?.due ?? null);
}

/**
 * `due`, `oldest`, `running` and `dead` read small index ranges (jobs_by_due, jobs_leased,
 * jobs_dead); `pending` is an exact count of every waiting job, so it costs O(pending).
 */
export async function jobBacklog(db: Db, nowMs: number): Promise<JobBacklog> {
  const { rows } = await db.query<{ due: string; oldest: string | null }>(
    'SELECT count(*) AS due, min(due_at) AS oldest FROM jobs WHERE dead_at IS NULL AND due_at <= $1',
    [nowMs],
  );
  const oldest = toNumberOrNull(rows[0]!.oldest);
  return { due: toNumber(rows[0]!.due), oldestDueAgeMs: oldest === null ? 0 : Math.max(0, nowMs - oldest) };
}

export async function jobStats(db: Db, nowMs: number): Promise<JobStats> {
  const { rows } = await db.query<{ pending: string; due: string; oldest: string | null; running: string; dead: string }>(
    `SELECT
       (SELECT count(*) FROM jobs WHERE dead_at IS NULL) AS pending,
       (SELECT count(*) FROM jobs WHERE dead_at IS NULL AND due_at <= $1) AS due,
       (SELECT min(due_at) FROM jobs WHERE dead_at IS NULL AND due_at <= $1) AS oldest,
       (SELECT count(*) FROM jobs WHERE locked_until IS NOT NULL AND dead_at IS NULL AND locked_until > $1) AS running,
       (SELECT count(*) FROM jobs WHERE dead_at IS NOT NULL) AS dead`,
    [nowMs],
  );
  const row = rows[0]!;
  const oldest = toNumberOrNull(row.oldest);
  return {
    pending: toNumber(row.pending),
    due: toNumber(row.due),
    oldestDueAgeMs: oldest === null ? 0 : Math.max(0, nowMs - oldest),
    running: toNumber(row.running),
    dead: toNumber(row.dead),
  };
}

function toJob(row: JobDbRow): JobRecord {
  return {
    id: row.id,
    storeId: row.store_id,
    kind: row.kind as JobKind,
    key: row.key,
    payload: row.payload,
    dueAtMs: toNumber(row.due_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    revision: row.revision,
    lockedUntilMs: toNumberOrNull(row.locked_until),
    lockedBy: row.locked_by,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

/** Ids are bigint text: compare by length first, never through Number. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
