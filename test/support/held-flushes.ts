// A WAL flush (wal-sync.ts's `fdatasync` option) that waits for the test: each call is recorded
// with the inode it flushes, and runs (or fails with the given error) when the test finishes it.

import { fdatasync, fstatSync } from 'node:fs';

export interface HeldFlush {
  inode: number;
  finish: (error?: NodeJS.ErrnoException) => void;
}

export function heldFlushes() {
  const calls: HeldFlush[] = [];
  return {
    calls,
    fdatasync: (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
      calls.push({ inode: fstatSync(fd).ino, finish: (error) => (error ? done(error) : fdatasync(fd, done)) });
    },
  };
}
