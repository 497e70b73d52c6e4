// Group commit: concurrent transactions are queued and run back to back inside one SQLite
// transaction, committed once. Each caller's work runs in its own savepoint, so one failure
// rolls back only that caller; every caller is answered only after the commit is durable
// (`durable`, the WAL flush of wal-sync.ts). The next group starts while that flush runs.
// Actions registered with `afterCommit` while a caller's work runs are run once its group is
// durable, after the answers; a rolled-back caller or savepoint drops its own.

import type Database from 'better-sqlite3';
import { runActions } from '../after-commit.ts';

interface Pending<T> {
  work: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most transactions folded into one commit; bounds the latency of the first in line. */
  maxBatch: number;
  /** Called after each successful commit (e.g. to wake the job worker). */
  afterCommit: () => void;
  /** Resolves once everything committed so far is on disk; callers are answered after it. Without it, at COMMIT. */
  durable?: () => Promise<void>;
}

export class GroupCommitWriter {
  private readonly queue: Pending<unknown>[] = [];
  private flushing = false;
  private scheduled = false;
  /** Committed groups whose flush to disk has not returned yet. */
  private unflushed = 0;
  /** Set when a flush failed: the disk's state is unknown, so nothing more is acknowledged. */
  private failure: Error | null = null;
  /** `afterCommit` actions of the group being built, in registration order. */
  private readonly actions: (() => void)[] = [];

  // Prepared once: exec() would parse these statements again for every transaction.
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly savepoint: Database.Statement;
  private readonly release: Database.Statement;
  private readonly rollbackTo: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly options: GroupCommitOptions,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.savepoint = db.prepare('SAVEPOINT herald_work');
    this.release = db.prepare('RELEASE herald_work');
    this.rollbackTo = db.prepare('ROLLBACK TO herald_work');
  }

  /** Runs `action` once the work now running has committed durably; dropped if it rolls back. */
  afterCommit(action: () => void): void {
    this.actions.push(action);
  }

  /** A position in the actions of the running work, for a savepoint to drop what it registered. */
  actionMark(): number {
    return this.actions.length;
  }

  dropActionsSince(mark: number): void {
    this.actions.length = Math.min(this.actions.length, mark);
  }

  get queued(): number {
    return this.queue.length;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Pending<unknown>);
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been committed (and flushed) or failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A flush to disk takes a while: check back each millisecond rather than every loop turn.
    while (this.unflushed > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.flush();
    };
    // No lingering: waiting for more work to join a commit measured slower than committing on
    // the next loop turn, when the work that arrived meanwhile joins anyway.
    setImmediate(run);
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = true;
    const batch = this.queue.splice(0, this.options.maxBatch);
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.begin.run();
      for (const item of batch) {
        this.savepoint.run();
        const mark = this.actions.length;
        try {
          const value = await item.work();
          this.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.rollbackTo.run();
          this.release.run();
          this.dropActionsSince(mark);
          outcomes.push({ ok: false, value: error });
        }
      }
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.actions.length = 0;
      for (const item of batch) item.reject(error);
      this.finish();
      return;
    }
    const actions = this.actions.splice(0);
    this.finish();
    this.answerWhenDurable(batch, outcomes, actions);
    this.options.afterCommit();
  }

  private answerWhenDurable(batch: readonly Pending<unknown>[], outcomes: readonly { ok: boolean; value: unknown }[], actions: readonly (() => void)[]): void {
    const durable = this.options.durable;
    if (!durable) {
      answer(batch, outcomes);
      runActions(actions);
      return;
    }
    this.unflushed += 1;
    Promise.resolve().then(durable).then(
      // After a failed flush, a later one that succeeds proves nothing about the pages before it.
      () => {
        if (this.failure) {
          batch.forEach((item) => item.reject(this.failure));
          return;
        }
        answer(batch, outcomes);
        runActions(actions);
      },
      (error: Error) => {
        this.failure ??= error;
        for (const item of batch) item.reject(error);
        for (const item of this.queue.splice(0)) item.reject(error);
      },
    ).finally(() => {
      this.unflushed -= 1;
    });
  }

  private finish(): void {
    this.flushing = false;
    if (this.queue.length > 0) this.schedule();
  }
}

function answer(batch: readonly Pending<unknown>[], outcomes: readonly { ok: boolean; value: unknown }[]): void {
  batch.forEach((item, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.value);
  });
}
