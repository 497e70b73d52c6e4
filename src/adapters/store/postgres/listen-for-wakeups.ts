// LISTEN on a dedicated connection (a pooled one would drop the subscription when released) and
// call the listeners on every notification. The connection is opened on the first subscriber and
// re-opened after any error with a capped backoff; a (re)connect also wakes the listeners, since
// notifications sent while nobody listened are lost and workers should look for due jobs.

import { EventEmitter } from 'node:events';
import pg from 'pg';

export interface WakeListener {
  onWake(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface WakeListenerOptions {
  connectionString: string;
  channel: string;
  /** Reported when the listening connection fails; it reconnects on its own. */
  onError: (error: unknown) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export function listenForWakeups(options: WakeListenerOptions): WakeListener {
  const wake = new EventEmitter();
  const minBackoffMs = options.minBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let failures = 0;
  let closed = false;

  function start(): void {
    if (closed || client || connecting || retryTimer) return;
    connecting = connect().finally(() => {
      connecting = null;
    });
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel === options.channel) wake.emit('wake');
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('the LISTEN connection ended')));
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
    } catch (error) {
      lost(next, error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    failures = 0;
    wake.emit('wake');
  }

  const gone = new WeakSet<pg.Client>();

  function lost(which: pg.Client, error: unknown): void {
    // A failing client may report through 'error' and 'end' both; count it once.
    if (gone.has(which)) return;
    gone.add(which);
    which.end().catch(() => {});
    if (client === which) client = null;
    if (closed) return;
    options.onError(error);
    failures += 1;
    const delayMs = Math.min(maxBackoffMs, minBackoffMs * 2 ** (failures - 1));
    retryTimer ??= setTimeout(() => {
      retryTimer = null;
      start();
    }, delayMs);
    retryTimer.unref();
  }

  return {
    onWake(listener) {
      wake.on('wake', listener);
      start();
      return () => {
        wake.off('wake', listener);
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await connecting;
      const current = client;
      client = null;
      if (current) {
        gone.add(current);
        await current.end().catch(() => {});
      }
    },
  };
}
