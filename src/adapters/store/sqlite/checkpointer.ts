// Checkpoints off the writer's thread (docs/storage.md "Checkpoints"). A checkpoint copies the
// WAL's pages into the database file and syncs both files: tens of milliseconds of disk waits
// that, run by the writer after a commit (SQLite's automatic checkpoint), stall every
// transaction behind it. A thread of its own, with its own connection, runs PASSIVE checkpoints
// instead, which never block the writer or the readers; the writer keeps SQLite's automatic
// checkpoint only as a ceiling on the WAL's length (WAL_CEILING_PAGES), where it has little
// left to copy.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The writer checkpoints itself only past this many WAL pages (64 MiB of 4 KiB pages). */
export const WAL_CEILING_PAGES = 16_000;

// Plain CommonJS, evaluated in the thread: it needs nothing of Herald's but better-sqlite3.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -1024');
const stop = () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
};
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Reported, and this thread stops: the writer checkpoints itself again.
    parentPort.postMessage({ error: String((error && error.message) || error) });
    stop();
  }
}, workerData.everyMs);
parentPort.on('message', stop);
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, options: { everyMs: number; onError: (error: Error) => void }): Checkpointer {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, sqlite, everyMs: options.everyMs }, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } });
  thread.unref();
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.on('message', (message: { error?: string }) => {
    if (message.error) options.onError(new Error(`a background checkpoint of ${file} failed (the writer checkpoints again): ${message.error}`));
  });
  thread.on('error', (error) => options.onError(new Error(`the checkpoint thread of ${file} stopped: ${error.message}`, { cause: error })));
  return {
    async stop() {
      // Unreferenced, the thread would not keep this process alive while it finishes.
      thread.ref();
      thread.postMessage('stop');
      await exited;
    },
  };
}
