// A throw-away PostgreSQL cluster for tests: initdb into a fresh folder under /tmp, start
// `postgres` on 127.0.0.1 on a free port, and hand out one fresh database per test file. One
// cluster per test process (node --test runs each file in its own process). Nothing survives the
// process: `stop()` in an `after` hook, a synchronous kill on exit and on SIGINT/SIGTERM, and a
// shell watchdog that kills the server when this process dies without a chance to clean up.
//
// When PostgreSQL is not installed, `startPostgresServer` resolves to null so suites can skip,
// unless the CI variable is set: there a missing PostgreSQL fails the suite.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresDatabase {
  /** Connection URL of a fresh, empty database. */
  url: string;
  /** Stops the whole cluster (every database of this process) and removes its folder. */
  stop(): Promise<void>;
}

export interface PostgresCluster {
  /** URL of the maintenance database `postgres`, as the superuser. */
  adminUrl: string;
  version: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

const ROOT = '/usr/lib/postgresql';
const START_TIMEOUT_MS = 30_000;

/** Why PostgreSQL suites skip on this machine, or null when they can run. */
export function postgresSkipReason(): string | null {
  if (findBinaries() !== null) return null;
  const reason = `PostgreSQL is not installed (no ${ROOT}/<version>/bin/initdb): install the postgresql package to run this suite`;
  if (isCi()) throw new Error(`${reason}. CI is set, so a missing PostgreSQL fails instead of skipping.`);
  return reason;
}

/**
 * A fresh database on this process's cluster (started on first use), or null when PostgreSQL is
 * not installed and CI is not set. Call `stop()` in an `after` hook.
 */
export async function startPostgresServer(prefix = 'herald'): Promise<PostgresDatabase | null> {
  if (postgresSkipReason() !== null) return null;
  const cluster = await startPostgresCluster();
  const url = await cluster.createDatabase(prefix);
  return { url, stop: () => cluster.stop() };
}

let running: Promise<PostgresCluster> | null = null;

/** The cluster of this test process, started once. Throws when PostgreSQL is not installed. */
export function startPostgresCluster(): Promise<PostgresCluster> {
  running ??= launch().catch((error: unknown) => {
    running = null;
    throw error;
  });
  return running;
}

interface Binaries {
  version: string;
  bin: string;
}

function findBinaries(): Binaries | null {
  if (!existsSync(ROOT)) return null;
  const versions = readdirSync(ROOT)
    .filter((name) => /^\d+$/.test(name) && Number(name) >= 15)
    .filter((name) => existsSync(join(ROOT, name, 'bin', 'initdb')) && existsSync(join(ROOT, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  const version = versions[0];
  return version === undefined ? null : { version, bin: join(ROOT, version, 'bin') };
}

function isCi(): boolean {
  const value = process.env['CI'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** initdb refuses to run as root: run the server as the `postgres` account then. */
function serverAccount(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root but there is no `postgres` account to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

async function launch(): Promise<PostgresCluster> {
  const binaries = findBinaries();
  if (binaries === null) throw new Error(`PostgreSQL is not installed under ${ROOT}`);
  const account = serverAccount();
  const folder = mkdtempSync('/tmp/herald-pg-');
  const dataDir = join(folder, 'data');
  if (account) chownSync(folder, account.uid, account.gid);
  const asServer = account ? { uid: account.uid, gid: account.gid } : {};
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', PGTZ: 'UTC' };

  const init = spawnSync(join(binaries.bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
    ...asServer,
    env,
    cwd: folder,
    encoding: 'utf8',
  });
  if (init.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  }

  let lastError: unknown = null;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freePort();
    const log = openSync(join(folder, 'postgres.log'), 'a');
    const child = spawn(
      join(binaries.bin, 'postgres'),
      [
        '-D', dataDir,
        '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${folder}`,
        '-c', 'fsync=on',
        '-c', 'synchronous_commit=on',
        '-c', 'shared_buffers=32MB',
        '-c', 'max_connections=200',
        '-c', 'max_locks_per_transaction=256',
        '-c', 'deadlock_timeout=100ms',
        '-c', 'logging_collector=off',
        '-c', 'TimeZone=UTC',
      ],
      { ...asServer, env, cwd: folder, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilReady(adminUrl, child);
      return register(binaries.version, folder, child, adminUrl);
    } catch (error) {
      lastError = error;
      killNow(child, 'SIGKILL');
    }
  }
  const log = existsSync(join(folder, 'postgres.log')) ? readFileSync(join(folder, 'postgres.log'), 'utf8').slice(-2_000) : '';
  rmSync(folder, { recursive: true, force: true });
  throw new Error(`PostgreSQL did not start: ${String(lastError)}\n${log}`, { cause: lastError });
}

function register(version: string, folder: string, child: ChildProcess, adminUrl: string): PostgresCluster {
  const pid = child.pid!;
  // Kills the server if this process dies without running its exit handlers (e.g. SIGKILL).
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -QUIT ${pid} 2>/dev/null; sleep 2; kill -KILL ${pid} 2>/dev/null; rm -rf '${folder}'`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  child.unref();

  let stopped = false;
  // Synchronous (exit and signal handlers cannot wait): quit the server, give it a moment to go,
  // then remove the folder. Should anything be left, the watchdog still removes it.
  const cleanupNow = () => {
    if (stopped) return;
    stopped = true;
    killNow(child, 'SIGQUIT');
    waitForExitSync(pid, 5_000);
    try {
      rmSync(folder, { recursive: true, force: true });
      if (watchdog.pid !== undefined) killPid(-watchdog.pid, 'SIGKILL');
    } catch {
      // the watchdog's `rm -rf` runs once this process is gone
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanupNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', cleanupNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let counter = 0;
  return {
    adminUrl,
    version,
    async createDatabase(prefix) {
      counter += 1;
      const name = `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${process.pid}_${counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
      } finally {
        await client.end();
      }
      return adminUrl.replace(/\/postgres$/, `/${name}`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', cleanupNow);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // Immediate shutdown: no checkpoint to write, since the folder is deleted right after.
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      killNow(child, 'SIGQUIT');
      const timer = setTimeout(() => killNow(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      if (watchdog.pid !== undefined) killPid(-watchdog.pid, 'SIGKILL');
      rmSync(folder, { recursive: true, force: true });
      running = null;
    },
  };
}

async function waitUntilReady(adminUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`postgres exited with ${child.exitCode ?? child.signalCode}`);
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS} ms`);
}

/** An exited child stays a zombie until Node reaps it, so read its state rather than signal it. */
function waitForExitSync(pid: number, timeoutMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let state: string | undefined;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    } catch {
      return;
    }
    if (state === undefined || state === 'Z' || state === 'X') return;
    Atomics.wait(pause, 0, 0, 20);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function killNow(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) killPid(child.pid, signal);
}

function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
