// Statements over the job table: schedule (supersede by key), claim with a lease, finish.

import type Database from 'better-sqlite3';
import { LeaseLost } from '../../../../core/errors.ts';
import { claimByPriority, DEFAULT_MAX_ATTEMPTS, JOB_PRIORITY, PRIORITY_LEVELS, type JobBacklog, type JobKind, type JobRecord, type JobSpec, type JobStats } from '../../../../core/jobs/job.ts';

interface JobDbRow {
  id: number;
  store_id: string;
  kind: string;
  key: string;
  payload: string;
  due_at: number;
  attempts: number;
  max_attempts: number;
  revision: number;
  locked_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: string;
}

export function createJobStatements(db: Database.Database) {
  const upsert = db.prepare(
    `INSERT INTO jobs (store_id, kind, key, payload, due_at, max_attempts, created_at, priority)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (store_id, key) DO UPDATE SET kind = excluded.kind, priority = excluded.priority, payload = excluded.payload,
       due_at = excluded.due_at, max_attempts = excluded.max_attempts, attempts = 0,
       revision = jobs.revision + 1, last_error = NULL, dead_at = NULL`,
  );
  // One priority level per statement: a range of jobs_by_priority, oldest due first. The UPDATE
  // costs 60-180 µs even when it finds nothing (its IN list is materialized), against 2 µs for
  // this probe of the same range, and most claims find most levels empty.
  const claimable = 'priority = @priority AND dead_at IS NULL AND due_at <= @now AND (locked_until IS NULL OR locked_until <= @now)';
  const anyClaimable = db.prepare<{ now: number; priority: number }, number>(`SELECT 1 FROM jobs WHERE ${claimable} LIMIT 1`).pluck();
  const claim = db.prepare<{ now: number; lease: number; worker: string; limit: number; priority: number }, JobDbRow>(
    `UPDATE jobs SET locked_until = @lease, locked_by = @worker, attempts = attempts + 1
     WHERE id IN (SELECT id FROM jobs WHERE ${claimable} ORDER BY due_at LIMIT @limit)
     RETURNING *`,
  );
  const remove = db.prepare('DELETE FROM jobs WHERE id = ? AND revision = ? AND locked_by = ?');
  const cancel = db.prepare('DELETE FROM jobs WHERE store_id = ? AND key = ? AND locked_by IS NULL AND dead_at IS NULL');
  const unlock = db.prepare('UPDATE jobs SET locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?');
  const retry = db.prepare(
    'UPDATE jobs SET due_at = ?, last_error = ?, locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ? AND revision = ?',
  );
  const bury = db.prepare(
    'UPDATE jobs SET dead_at = ?, last_error = ?, locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ? AND revision = ?',
  );
  const owner = db.prepare<[number], { locked_by: string | null; revision: number }>('SELECT locked_by, revision FROM jobs WHERE id = ?');
  // jobs_by_priority is the only due-time index (migration 0007 dropped jobs_by_due: one index
  // less to write per job). Earliest times read each level's first entry; counts read the
  // levels' ranges up to now.
  const levels = PRIORITY_LEVELS.join(', ');
  const earliest = (bound: string) =>
    `SELECT min(d) FROM (${PRIORITY_LEVELS.map((p) => `SELECT min(due_at) AS d FROM jobs WHERE priority = ${p} AND dead_at IS NULL${bound}`).join(' UNION ALL ')})`;
  const nextDue = db.prepare<[], { due: number | null }>(`SELECT (${earliest('')}) AS due`);
  const backlogQuery = db.prepare<{ now: number }, { due: number; oldest: number | null }>(
    `SELECT (SELECT count(*) FROM jobs WHERE priority IN (${levels}) AND dead_at IS NULL AND due_at <= @now) AS due,
            (${earliest(' AND due_at <= @now')}) AS oldest`,
  );
  const statsQuery = db.prepare<{ now: number }, { pending: number; due: number; oldest: number | null; running: number; dead: number }>(
    `SELECT
       (SELECT count(*) FROM jobs WHERE dead_at IS NULL) AS pending,
       (SELECT count(*) FROM jobs WHERE priority IN (${levels}) AND dead_at IS NULL AND due_at <= @now) AS due,
       (${earliest(' AND due_at <= @now')}) AS oldest,
       (SELECT count(*) FROM jobs WHERE dead_at IS NULL AND locked_until > @now) AS running,
       (SELECT count(*) FROM jobs WHERE dead_at IS NOT NULL) AS dead`,
  );

  return {
    schedule(jobs: readonly JobSpec[], createdAt: string): number {
      let earliest = Number.POSITIVE_INFINITY;
      for (const job of jobs) {
        upsert.run(job.storeId, job.kind, job.key, JSON.stringify(job.payload), job.dueAtMs, job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, createdAt, JOB_PRIORITY[job.kind] ?? 0);
        earliest = Math.min(earliest, job.dueAtMs);
      }
      return earliest;
    },
    /** Later pipeline stages first, every level with a share (`claimByPriority`). */
    claim(nowMs: number, limit: number, leaseMs: number, workerId: string): Promise<JobRecord[]> {
      return claimByPriority(limit, (priority, count) =>
        anyClaimable.get({ now: nowMs, priority }) === undefined ? [] : claim.all({ now: nowMs, lease: nowMs + leaseMs, worker: workerId, limit: count, priority }).map(toJob),
      );
    },
    /** Removes the job when it was not superseded meanwhile; a superseded one is only unlocked. */
    complete(job: JobRecord): void {
      const current = owner.get(Number(job.id));
      if (!current || current.locked_by !== job.lockedBy) {
        throw new LeaseLost(`job ${job.id} (${job.key}) lost its lease before it completed; its effect is rolled back`);
      }
      if (remove.run(Number(job.id), job.revision, job.lockedBy).changes === 0) unlock.run(Number(job.id), job.lockedBy);
    },
    /** A probe of the (store_id, key) index per key; nothing is written when no such job waits. */
    cancelPending(storeId: string, keys: readonly string[]): void {
      for (const key of keys) cancel.run(storeId, key);
    },
    fail(job: JobRecord, error: string, retryAtMs: number | null, deadAt: string): void {
      if (retryAtMs === null) bury.run(deadAt, error, Number(job.id), job.lockedBy, job.revision);
      else retry.run(retryAtMs, error, Number(job.id), job.lockedBy, job.revision);
      // A job superseded while it ran keeps its new schedule; just let go of the lease.
      unlock.run(Number(job.id), job.lockedBy);
    },
    nextDueAtMs(): number | null {
      return nextDue.get()?.due ?? null;
    },
    backlog(nowMs: number): JobBacklog {
      const row = backlogQuery.get({ now: nowMs })!;
      return { due: row.due, oldestDueAgeMs: row.oldest === null ? 0 : Math.max(0, nowMs - row.oldest) };
    },
    stats(nowMs: number): JobStats {
      const row = statsQuery.get({ now: nowMs })!;
      return {
        pending: row.pending,
        due: row.due,
        oldestDueAgeMs: row.oldest === null ? 0 : Math.max(0, nowMs - row.oldest),
        running: row.running,
        dead: row.dead,
      };
    },
  };
}

function toJob(row: JobDbRow): JobRecord {
  return {
    id: String(row.id),
    storeId: row.store_id,
    kind: row.kind as JobKind,
    key: row.key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    dueAtMs: row.due_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    revision: row.revision,
    lockedUntilMs: row.locked_until,
    lockedBy: row.locked_by,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}
