// Durability off the writer's thread. The writer runs with synchronous=NORMAL, so SQLite's COMMIT
// writes the transaction's pages to the WAL without waiting for the disk; Herald then flushes the
// WAL itself with fdatasync on libuv's thread pool, the call SQLite makes with synchronous=FULL,
// and answers a transaction only after a flush that began after its COMMIT has returned. What is
// acknowledged survives power loss as with FULL, while the writer goes on with the next group
// instead of waiting (docs/storage.md "Durability"). Flushes are coalesced: one runs at a time,
// and every commit that lands meanwhile waits for the single next one.

import { closeSync, fdatasync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void>;
  close(): void;
}

export interface WalSyncOptions {
  /** The flush itself; node's fdatasync unless a test counts the calls. */
  fdatasync?: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;
}

interface Waiters {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createWalSync(databaseFile: string, options: WalSyncOptions = {}): WalSync {
  const walFile = `${databaseFile}-wal`;
  const flushFd = options.fdatasync ?? fdatasync;
  let fd: number | null = null;
  let inode = -1;
  let running = false;
  let next: Waiters | null = null;

  /** The WAL's descriptor, opened again if SQLite replaced the file; null when there is no WAL. */
  function walFd(): number | null {
    const stat = statSync(walFile, { throwIfNoEntry: false });
    if (!stat) return null;
    if (fd === null || stat.ino !== inode) {
      if (fd !== null) closeSync(fd);
      fd = openSync(walFile, 'r');
      inode = stat.ino;
      // A new file is durable only once its directory entry is: what SQLite does on a WAL's first sync.
      const dir = openSync(dirname(walFile), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return fd;
  }

  function start(waiters: Waiters): void {
    running = true;
    let target: number | null;
    try {
      target = walFd();
    } catch (error) {
      finish(waiters, error);
      return;
    }
    if (target === null) finish(waiters, null);
    else flushFd(target, (error) => finish(waiters, error));
  }

  function finish(waiters: Waiters, error: unknown): void {
    running = false;
    if (error) waiters.reject(new Error(`the SQLite WAL could not be flushed to disk (${(error as Error).message}); what was committed since the last flush may not survive a power loss`, { cause: error }));
    else waiters.resolve();
    if (next) {
      const queued = next;
      next = null;
      start(queued);
    }
  }

  return {
    flush() {
      // A flush that is already running may have begun before the caller's COMMIT: wait for the next.
      if (running) return (next ??= deferred()).promise;
      const waiters = deferred();
      start(waiters);
      return waiters.promise;
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

function deferred(): Waiters {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
