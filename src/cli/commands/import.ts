// herald import <file.ndjson>: load events through the same ingest path as the API, with a
// progress bar and a summary of accepted / duplicate / rejected lines with their reasons.
// Talks to the running server when one holds the data folder; else opens the store itself.

import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ingestEvents } from '../../app/ingest-events.ts';
import { parseEventBatch, type BatchRejection } from '../../app/parse-event-batch.ts';
import { validateEvents } from '../../app/validate-events.ts';
import { isoAt } from '../../core/ports/clock.ts';
import { cryptoIds } from '../../adapters/runtime/crypto-ids.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import type { HeraldConfig } from '../../config/options.ts';
import { loadConfig } from '../load-config.ts';
import { readServerInfo } from '../server-lock.ts';

const CHUNK_LINES = 2_000;
const SHOWN_REJECTIONS = 20;

interface ChunkResult {
  accepted: number;
  duplicates: number;
  rejected: BatchRejection[];
}

type ChunkSender = (text: string, firstLine: number) => Promise<ChunkResult>;

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'NDJSON file, one canonical event per line')
    .description('import events from an NDJSON file through the ingest path')
    .option('--store <id>', 'store to import into when no server is running', 'default')
    .option('--key <key>', 'API key, when a server is running (or HERALD_API_KEY)')
    .option('--data <dir>', 'data folder of the embedded store')
    .option('--database-url <url>', 'PostgreSQL URL')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, flags: { store: string; key?: string; progress: boolean } & Record<string, unknown>) => {
      const config = loadConfig({ ...program.opts(), ...flags });
      const server = config.databaseUrl ? null : readServerInfo(config.dataDir);
      const key = flags.key ?? process.env['HERALD_API_KEY'];
      if (server && !key) throw new Error(`a Herald server (pid ${server.pid}) holds ${config.dataDir}: pass --key or HERALD_API_KEY to import through it`);
      const { send, close } = server ? httpSender(server.url, key!) : await localSender(config, flags.store);
      try {
        const summary = await importFile(file, send, flags.progress && process.stderr.isTTY === true);
        printSummary(summary);
        if (summary.rejected.length > 0) process.exitCode = 1;
      } finally {
        await close();
      }
    });
}

async function importFile(file: string, send: ChunkSender, showProgress: boolean): Promise<ChunkResult> {
  const total: ChunkResult = { accepted: 0, duplicates: 0, rejected: [] };
  const bar = showProgress ? new SingleBar({ format: 'importing [{bar}] {percentage}% | {value}/{total} bytes | {lines} lines' }) : null;
  bar?.start(statSync(file).size, 0, { lines: 0 });
  let lines: string[] = [];
  let firstLine = 1;
  let lineNo = 0;
  let bytes = 0;
  const flush = async () => {
    if (lines.length === 0) return;
    const result = await send(lines.join('\n'), firstLine);
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected.push(...result.rejected);
    firstLine = lineNo + 1;
    lines = [];
    bar?.update(bytes, { lines: lineNo });
  };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNo += 1;
    bytes += Buffer.byteLength(line) + 1;
    lines.push(line);
    if (lines.length >= CHUNK_LINES) await flush();
  }
  await flush();
  bar?.stop();
  return total;
}

function printSummary(summary: ChunkResult): void {
  console.log(`accepted ${summary.accepted}, duplicate ${summary.duplicates}, rejected ${summary.rejected.length}`);
  for (const rejection of summary.rejected.slice(0, SHOWN_REJECTIONS)) {
    const reasons = rejection.issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; ');
    console.log(`  line ${rejection.line}: ${reasons}`);
  }
  if (summary.rejected.length > SHOWN_REJECTIONS) console.log(`  ... and ${summary.rejected.length - SHOWN_REJECTIONS} more rejected lines`);
}

function httpSender(url: string, key: string): { send: ChunkSender; close: () => Promise<void> } {
  return {
    async send(text, firstLine) {
      const response = await fetch(`${url}/v1/events/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
        body: text,
      });
      const body = (await response.json()) as { accepted?: number; duplicates?: number; errors?: BatchRejection[]; error?: { message: string } };
      if (!response.ok && !body.errors) throw new Error(`the server refused the import: ${body.error?.message ?? response.status}`);
      return {
        accepted: body.accepted ?? 0,
        duplicates: body.duplicates ?? 0,
        rejected: (body.errors ?? []).map((r) => ({ ...r, line: r.line === null ? null : r.line + firstLine - 1 })),
      };
    },
    close: async () => {},
  };
}

async function localSender(config: HeraldConfig, storeId: string): Promise<{ send: ChunkSender; close: () => Promise<void> }> {
  const store = await openStore(config, systemClock);
  await store.migrate();
  if (!(await store.admin.getStore(storeId))) {
    await store.close();
    throw new Error(`--store: no store '${storeId}' (start Herald once, or create it with \`herald keys create --store ${storeId} --create-store\`)`);
  }
  const deps = { store, clock: systemClock, ids: cryptoIds, stallAfterHours: config.stallAfterHours };
  return {
    async send(text, firstLine) {
      const parsed = parseEventBatch(text, true);
      const { valid, rejected } = validateEvents(parsed.items, { storeId, defaultSource: 'import', receivedAt: isoAt(systemClock.nowMs()) });
      const shift = (r: BatchRejection) => ({ ...r, line: r.line === null ? null : r.line + firstLine - 1 });
      const outcome = valid.length > 0 ? await ingestEvents(deps, valid.map((v) => v.normalized), null) : { accepted: 0, duplicates: 0 };
      return { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: [...parsed.rejected, ...rejected].map(shift) };
    },
    close: () => store.close(),
  };
}
