// Durability off the writer's thread. The writer runs with synchronous=NORMAL, so SQLite's COMMIT
// writes the transaction's pages to the WAL without waiting for the disk; Herald then flushes the
// WAL itself with fdatasync on libuv's thread pool, the call SQLite makes with synchronous=FULL,
// and answers a transaction only after a flush that began after its COMMIT has returned. What is
// acknowledged survives power loss as with FULL, while the writer goes on with the next group
// instead of waiting (docs/storage.md "Durability"). Flushes are coalesced: one runs at a time,
// and every commit that lands meanwhile waits for the single next one. A failed flush is final:
// the kernel reports a write-back error once, so no later flush can prove the pages before it.

import { closeSync, fdatasync, fstatSync, fsyncSync, openSync, realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  flush(): Promise<void>;
  close(): void;
}

export interface WalSyncOptions {
  /** The flush itself; node's fdatasync unless a test holds or fails the calls. */
  fdatasync?: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;
  /** Hears the first failed flush (once): the composition root stops the process. */
  onFailure?: (error: Error) => void;
}

interface Waiters {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * For a database whose connection is already in WAL mode (its WAL file exists). The path is
 * resolved as SQLite resolves it: through symbolic links, to the file whose `-wal` it writes.
 */
export function createWalSync(databaseFile: string, options: WalSyncOptions = {}): WalSync {
  const walFile = `${realpathSync(databaseFile)}-wal`;
  const flushFd = options.fdatasync ?? fdatasync;
  let fd: number | null = null;
  let inode = -1;
  let running = false;
  let next: Waiters | null = null;
  let failure: Error | null = null;

  /** The WAL's descriptor, opened again if SQLite made a new file. */
  function walFd(): number {
    if (fd !== null && statSync(walFile, { throwIfNoEntry: false })?.ino === inode) return fd;
    if (fd !== null) closeSync(fd);
    fd = null;
    let opened: number;
    try {
      opened = openSync(walFile, 'r');
    } catch (error) {
      throw new Error(`the SQLite WAL ${walFile} cannot be opened (${(error as Error).message}); is the database in WAL mode?`, { cause: error });
    }
    // A new file is durable only once its directory entry is (SQLite does this on a WAL's first sync).
    const dir = openSync(dirname(walFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    fd = opened;
    inode = fstatSync(opened).ino;
    return fd;
  }

  function start(waiters: Waiters): void {
    running = true;
    let target: number;
    try {
      target = walFd();
    } catch (error) {
      finish(waiters, error);
      return;
    }
    flushFd(target, (error) => finish(waiters, error));
  }

  function finish(waiters: Waiters, error: unknown): void {
    running = false;
    if (error && !failure) {
      failure = new Error(`the SQLite WAL could not be flushed to disk (${(error as Error).message}); what was committed since the last flush may not survive a power loss, and nothing more is acknowledged until Herald restarts`, { cause: error });
      options.onFailure?.(failure);
    }
    if (failure) waiters.reject(failure);
    else waiters.resolve();
    if (next) {
      const queued = next;
      next = null;
      if (failure) queued.reject(failure);
      else start(queued);
    }
  }

  walFd(); // open now: a database without a WAL fails here, not at its first commit
  return {
    flush() {
      if (failure) return Promise.reject(failure);
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
