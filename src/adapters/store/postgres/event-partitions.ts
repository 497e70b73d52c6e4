// Monthly partitions of the event log (by received_at, UTC): created ahead of time, rows that
// landed in the DEFAULT partition moved into their own month, and whole months dropped once they
// are older than the retention. Every change runs in a short transaction of its own (never in an
// ingest transaction), serialized across processes by an advisory lock, with a lock timeout so
// maintenance gives way to traffic instead of stalling it. See docs/postgres.md.

import type pg from 'pg';

export interface EventPartitionOptions {
  /** Months after the current one that always have a partition. */
  monthsAhead: number;
  /** Months of log kept before the current one; 0 keeps everything. */
  retentionMonths: number;
  /** Longest wait for a table lock before maintenance gives up until its next run. */
  lockTimeoutMs: number;
}

export interface EventPartitions {
  /** Whether this process last saw a partition for the month of `receivedAtIso`. */
  covers(receivedAtIso: string): boolean;
  /** Creates missing partitions (this month, the next ones, and any month found in DEFAULT). */
  ensure(nowMs: number): Promise<string[]>;
  /** Drops the partitions of months older than the retention; returns their names. */
  dropExpired(nowMs: number): Promise<string[]>;
}

const NAME = /^events_p(\d{4,})(\d{2})$/;
const MAINTENANCE_LOCK = `hashtextextended('herald:event-partitions', 0)`;

export function createEventPartitions(pool: pg.Pool, options: EventPartitionOptions): EventPartitions {
  const known = new Set<number>();

  async function refresh(): Promise<{ attached: Set<number>; detached: Set<number> }> {
    // Tables named like a month partition in the log's schema; detached ones are left by a
    // drop that stopped halfway.
    const { rows } = await pool.query<{ name: string; attached: boolean }>(
      `SELECT c.relname AS name, c.relispartition AS attached FROM pg_class c
       JOIN pg_class log ON log.oid = 'events'::regclass
       WHERE c.relkind = 'r' AND c.relnamespace = log.relnamespace AND c.relname LIKE 'events\\_p%'`,
    );
    const attached = new Set<number>();
    const detached = new Set<number>();
    for (const row of rows) {
      const month = monthOfName(row.name);
      if (month === null) continue;
      (row.attached ? attached : detached).add(month);
    }
    known.clear();
    for (const month of attached) known.add(month);
    return { attached, detached };
  }

  return {
    covers(receivedAtIso) {
      const ms = Date.parse(receivedAtIso);
      return Number.isFinite(ms) && known.has(monthOf(ms));
    },

    async ensure(nowMs) {
      const { attached } = await refresh();
      const current = monthOf(nowMs);
      const wanted = new Set<number>();
      for (let ahead = 0; ahead <= options.monthsAhead; ahead += 1) wanted.add(current + ahead);
      const stray = await pool.query<{ month: string }>(
        `SELECT DISTINCT to_char(received_at AT TIME ZONE 'UTC', 'YYYYMM') AS month FROM events_default`,
      );
      for (const { month } of stray.rows) {
        const parsed = monthOfName(`events_p${month}`);
        if (parsed !== null) wanted.add(parsed);
      }
      const created: string[] = [];
      for (const month of [...wanted].sort((a, b) => a - b)) {
        if (attached.has(month)) continue;
        if (await createMonth(pool, month, options.lockTimeoutMs)) created.push(nameOf(month));
      }
      await refresh();
      return created;
    },

    async dropExpired(nowMs) {
      if (options.retentionMonths <= 0) return [];
      const { attached, detached } = await refresh();
      const oldestKept = monthOf(nowMs) - options.retentionMonths;
      const dropped: string[] = [];
      // Detached tables are left by a drop that stopped halfway: finish them first.
      for (const month of [...detached].filter((m) => m < oldestKept)) {
        await removeDetached(pool, month, options.lockTimeoutMs);
        dropped.push(nameOf(month));
      }
      for (const month of [...attached].filter((m) => m < oldestKept).sort((a, b) => a - b)) {
        await detach(pool, month, options.lockTimeoutMs);
        await removeDetached(pool, month, options.lockTimeoutMs);
        dropped.push(nameOf(month));
      }
      await refresh();
      return dropped;
    },
  };
}

/**
 * Creates one month's table, moves that month's rows out of DEFAULT into it, and attaches it.
 * The whole log is locked first (ACCESS EXCLUSIVE, bounded by the lock timeout): ATTACH alone
 * needs less, but a statement that had already read the old partition list would then scan only
 * DEFAULT after the move and miss the moved rows, or route a new row into DEFAULT and fail its
 * narrowed constraint. With the lock, every statement either finished before or plans after.
 */
async function createMonth(pool: pg.Pool, month: number, lockTimeoutMs: number): Promise<boolean> {
  const name = nameOf(month);
  const from = startOf(month);
  const to = startOf(month + 1);
  return inTransaction(pool, lockTimeoutMs, async (client) => {
    const exists = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
    if (exists.rows[0]?.found) return false;
    await client.query(`
      LOCK TABLE events IN ACCESS EXCLUSIVE MODE;
      CREATE TABLE ${name} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
      ALTER TABLE ${name} ADD CONSTRAINT ${name}_bounds CHECK (received_at >= '${from}' AND received_at < '${to}');
      WITH moved AS (DELETE FROM events_default WHERE received_at >= '${from}' AND received_at < '${to}' RETURNING *)
        INSERT INTO ${name} SELECT * FROM moved;
      ALTER TABLE events ATTACH PARTITION ${name} FOR VALUES FROM ('${from}') TO ('${to}');
      ALTER TABLE ${name} DROP CONSTRAINT ${name}_bounds;`);
    return true;
  });
}

/** Short: holds the log's ACCESS EXCLUSIVE lock only for the catalog change. */
async function detach(pool: pg.Pool, month: number, lockTimeoutMs: number): Promise<void> {
  await inTransaction(pool, lockTimeoutMs, async (client) => {
    await client.query(`ALTER TABLE events DETACH PARTITION ${nameOf(month)}`);
  });
}

/** Forgets the month's event ids (so dedupe does not outlive the events) and its kept counts, and drops its table. */
async function removeDetached(pool: pg.Pool, month: number, lockTimeoutMs: number): Promise<void> {
  const name = nameOf(month);
  await inTransaction(pool, lockTimeoutMs, async (client) => {
    await client.query(`
      DELETE FROM event_ids i USING ${name} e
        WHERE i.store_id = e.store_id AND i.source = e.source AND i.event_id = e.event_id AND i.seq = e.seq;
      DELETE FROM event_counts WHERE month = date '${startOf(month).slice(0, 10)}';
      DROP TABLE ${name};`);
  });
}

async function inTransaction<T>(pool: pg.Pool, lockTimeoutMs: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    await client.query(`SELECT pg_advisory_xact_lock(${MAINTENANCE_LOCK})`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Months are counted as year * 12 + zero-based month, in UTC. */
function monthOf(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function monthOfName(name: string): number | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? Number(match[1]) * 12 + month - 1 : null;
}

function nameOf(month: number): string {
  return `events_p${String(Math.floor(month / 12)).padStart(4, '0')}${String((month % 12) + 1).padStart(2, '0')}`;
}

function startOf(month: number): string {
  return `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00Z`;
}
