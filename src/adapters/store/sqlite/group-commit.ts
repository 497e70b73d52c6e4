// Group commit: concurrent transactions are queued and run back to back inside one SQLite
// transaction, committed (and fsynced) once. Each caller's work runs in its own savepoint, so
// one failure rolls back only that caller; every caller is answered only after the commit.

import type Database from 'better-sqlite3';

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
}

export class GroupCommitWriter {
  private readonly queue: Pending<unknown>[] = [];
  private flushing = false;
  private scheduled = false;

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

  get queued(): number {
    return this.queue.length;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Pending<unknown>);
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been committed or failed. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flushing) {
      await new Promise((resolve) => setImmediate(resolve));
    }
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
        try {
          const value = await item.work();
          this.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.rollbackTo.run();
          this.release.run();
          outcomes.push({ ok: false, value: error });
        }
      }
      this.commit.run();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      this.finish();
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.value);
    });
    this.options.afterCommit();
    this.finish();
  }

  private finish(): void {
    this.flushing = false;
    if (this.queue.length > 0) this.schedule();
  }
}
