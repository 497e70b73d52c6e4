// herald demo: start Herald on a fresh embedded store, play a week of a busy shop through the real
// webhook endpoints at high speed (the clock is the demo's, so timers fire at their simulated
// times), print where to look, then keep serving until Ctrl-C. docs/demo.md tells the story.

import { getRequestListener } from '@hono/node-server';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { cryptoIds } from '../../adapters/runtime/crypto-ids.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { createDemoClock } from '../../app/demo/demo-clock.ts';
import { DAY_MS, HOUR_MS } from '../../app/demo/plan-parcel-journey.ts';
import { playShopWeek } from '../../app/demo/play-shop-week.ts';
import { planShopWeek } from '../../app/demo/plan-shop-week.ts';
import { createDemoShop, setupDemoStore } from '../../app/demo/setup-demo-store.ts';
import { summarizeDemo, type DemoSummary } from '../../app/demo/summarize-demo.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import type { HeraldConfig } from '../../config/options.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Store } from '../../core/ports/store.ts';
import { createHerald } from '../../main.ts';
import { loadConfig } from '../load-config.ts';
import { writeServerInfo } from '../server-lock.ts';

/** Marks a data folder as the demo's own, so that a later demo may wipe it and nothing else. */
const MARKER = 'herald-demo.json';
const STORE_ID = 'default';
const HELPDESK = { email: 'agent@northwind-outfitters.example', apiToken: 'demo-zendesk-token' };

interface DemoFlags {
  data: string;
  port: string;
  serve: boolean;
  seed: string;
  weekEnding?: string;
  logLevel: string;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('play a week of a demo shop through Herald at high speed, then keep serving it')
    .option('--data <dir>', 'a fresh folder for the demo store (a previous demo folder is replaced)', './data-demo')
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 = any free port)', '8080')
    .option('--no-serve', 'exit after the week is played (tests, CI)')
    .option('--seed <n>', 'the week to play: the same seed plays the same week', '20261120')
    .option('--week-ending <instant>', 'when the played week ends, an ISO 8601 instant not in the future (default: now); the same seed and instant play the same week')
    .option('--log-level <level>', 'Herald log level while playing', 'error')
    .action(async (flags: DemoFlags) => {
      const startedMs = Date.now();
      const endMs = weekEnding(flags.weekEnding, systemClock.nowMs());
      const dataDir = prepareFolder(resolve(flags.data));
      const helpdesk = await startStandInHelpdesk();
      const server = createServer();
      const port = await listen(server, Number(flags.port));
      const base = `http://127.0.0.1:${port}`;
      // In-process HTTP (no HTTP thread): the routes must read the demo's clock, not the system's.
      const config = { ...loadConfig({ ...program.opts(), data: dataDir, port: String(port), host: '127.0.0.1', logLevel: flags.logLevel }), httpThread: false, publicUrl: base, role: 'all' as const, databaseUrl: null };

      // The week ends now (or at --week-ending), so the dashboard and the tracking pages read
      // "today" once it is played; a week that ended earlier then catches up with real time.
      const startMs = Math.floor((endMs - 7 * DAY_MS) / HOUR_MS) * HOUR_MS;
      const clock = createDemoClock(startMs, systemClock);
      const apiKey = await withStore(config, clock, (store) => createDemoShop({ store, clock, ids: cryptoIds }, STORE_ID));
      const herald = await createHerald(config, { clock, worker: false });
      server.on('request', getRequestListener(herald.app.fetch));
      const setup = await setupDemoStore({ store: herald.store, clock, ids: cryptoIds, invalidate: (id) => herald.catalog.invalidate(id) }, STORE_ID, { baseUrl: helpdesk.url, ...HELPDESK });
      const plan = planShopWeek({ startMs, seed: Number(flags.seed) });

      process.stdout.write(`Playing a week of Northwind Outfitters through Herald (${plan.orders.length} orders, ${plan.deliveries.length} webhooks)...\n`);
      const bar = new SingleBar({ format: 'week [{bar}] {percentage}% | {value}/{total} webhooks | {day}', hideCursor: true });
      bar.start(plan.deliveries.length, 0, { day: dayLabel(startMs, startMs) });
      const result = await playShopWeek(
        {
          clock,
          fireDue: () => herald.fireDue(),
          nextDueAtMs: () => herald.store.jobs.nextDueAtMs(),
          send: async (delivery, headers) => {
            const response = await fetch(`${base}/v1/sources/${delivery.source}/${STORE_ID}`, { method: 'POST', headers, body: delivery.body });
            return { status: response.status, body: await response.text() };
          },
          onProgress: (sent, _total, nowMs) => bar.update(sent, { day: dayLabel(startMs, nowMs) }),
        },
        plan,
        setup.secrets,
      );
      bar.stop();
      clock.goLive();
      const summary = await summarizeDemo(herald.store.reads, STORE_ID, plan);
      printSummary({ base, setup, apiKey, summary, result, answered: helpdesk.answered(), seconds: (Date.now() - startedMs) / 1000 });

      if (!flags.serve) {
        await stop(server, helpdesk.server, () => herald.close());
        process.exit(result.refused.length === 0 ? 0 : 1);
      }
      // Serving: the clock now follows real time, and the worker fires what comes due.
      const release = writeServerInfo(dataDir, { pid: process.pid, url: base });
      let firing = false;
      const worker = setInterval(() => {
        if (firing) return;
        firing = true;
        void herald.fireDue().catch((error: unknown) => process.stderr.write(`herald demo: job worker: ${String(error)}\n`)).finally(() => (firing = false));
      }, 1000);
      process.stdout.write('\nServing until Ctrl-C.\n');
      process.once('SIGINT', () => {
        clearInterval(worker);
        release();
        void stop(server, helpdesk.server, () => herald.close()).finally(() => process.exit(0));
      });
    });
}

/** Opens the store on its own (before Herald starts on it), migrated, for one piece of work. */
async function withStore<T>(config: HeraldConfig, clock: Clock, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config, clock);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

/** A fresh folder: a new one, an empty one, or a previous demo's (replaced). Anything else is refused. */
function prepareFolder(dir: string): string {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, MARKER))) {
      throw new Error(`${dir} holds data that is not a Herald demo: refusing to use it; pick a new folder with --data`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), `${JSON.stringify({ demo: true, createdAt: new Date().toISOString() })}\n`);
  return dir;
}

/**
 * A stand-in for the shop's Zendesk API on 127.0.0.1, so that Herald's answers to tickets have
 * somewhere to go. It accepts every comment and tag and counts the public replies.
 */
async function startStandInHelpdesk(): Promise<{ server: Server; url: string; answered: () => number }> {
  const replied = new Set<string>();
  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const ticket = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(request.url ?? '')?.[1];
      const comment = (body as { ticket?: { comment?: { public?: boolean } } } | null)?.ticket?.comment;
      if (request.method === 'PUT' && ticket && comment?.public === true) replied.add(ticket);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ticket ? { ticket: { id: Number(ticket) } } : { tags: [] }));
    });
  });
  const port = await listen(server, 0);
  return { server, url: `http://127.0.0.1:${port}`, answered: () => replied.size };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: pick another with --port (0 = any free port)`) : error),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : port);
    });
  });
}

async function stop(server: Server, helpdesk: Server, closeHerald: () => Promise<void>): Promise<void> {
  for (const s of [server, helpdesk]) {
    const closed = new Promise<void>((done) => s.close(() => done()));
    s.closeAllConnections();
    await closed;
  }
  await closeHerald();
}

function dayLabel(startMs: number, nowMs: number): string {
  const day = Math.min(7, Math.floor((nowMs - startMs) / DAY_MS) + 1);
  return `day ${day} of 7, ${new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function printSummary(input: {
  base: string;
  setup: { email: string; password: string };
  apiKey: string;
  summary: DemoSummary;
  result: { sent: number; accepted: number; refused: { source: string; topic: string | null; status: number; body: string }[] };
  answered: number;
  seconds: number;
}): void {
  const { base, setup, summary, result } = input;
  const list = (counts: Record<string, number>) => Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
  const lines = [
    '',
    `A week at Northwind Outfitters, played in ${input.seconds.toFixed(1)} s.`,
    '',
    `  Dashboard     ${base}/admin`,
    `  Sign in       ${setup.email}  password: ${setup.password}`,
    '',
    '  Tracking pages:',
    ...summary.showcase.map((item) => `    ${`${item.number} ${item.story}`.padEnd(56)} ${base}/t/${item.token}`),
    '',
    `  Orders        ${summary.orders} (${summary.parcels} shipped)`,
    `  Outbox        ${list(summary.messagesByChannel)} (${summary.heldBack} held back or waiting)`,
    `  Cases open    ${summary.casesOpen} (${list(summary.casesByReason)})`,
    `  Tickets       ${summary.tickets} received through Zendesk, ${input.answered} answered by Herald`,
    `  Webhooks      ${result.sent} sent, ${result.accepted} accepted${result.refused.length > 0 ? `, ${result.refused.length} NOT accepted` : ''}`,
    ...result.refused.slice(0, 5).map((r) => `    ${r.source} ${r.topic ?? ''} -> ${r.status} ${r.body}`),
    '',
    `  API key       ${input.apiKey}  (Authorization: Bearer ...: GET /v1/notifications, /v1/cases, /v1/orders/{ref})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const INSTANT = z.iso.datetime({ offset: true });

/** `--week-ending` as epoch ms: an instant with its offset, not after `nowMs`. */
function weekEnding(flag: string | undefined, nowMs: number): number {
  if (flag === undefined) return nowMs;
  // The events' own rule for an instant (src/core/events/event-input-schema.ts): it also refuses
  // a day its month does not have, which Date.parse would roll over (2026-02-31 into March).
  const ms = INSTANT.safeParse(flag).success ? Date.parse(flag) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`--week-ending: '${flag}' is not an ISO 8601 instant with its offset, such as 2026-11-20T12:00:00Z`);
  if (ms > nowMs) throw new Error(`--week-ending: ${flag} is in the future; the demo plays a week that has ended`);
  return ms;
}
