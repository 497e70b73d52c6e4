// The sandbox behind `herald workflows simulate`: a throw-away embedded Herald on a fake clock,
// with the store's settings and only the workflow under test enabled. History comes from a file
// or from the store's own event log (read only; a running server is not disturbed).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestEvents } from '../../app/ingest-events.ts';
import { parseEventBatch } from '../../app/parse-event-batch.ts';
import { simulateWorkflows, type SimulationReport } from '../../app/simulate-workflows.ts';
import { validateEvents } from '../../app/validate-events.ts';
import { isoAt } from '../../core/ports/clock.ts';
import type { NormalizedEvent } from '../../core/events/normalize-event.ts';
import type { Store } from '../../core/ports/store.ts';
import { parseWorkflowText } from '../../core/workflows/parse-workflow.ts';
import { systemClock } from '../../adapters/runtime/system-clock.ts';
import { openStore } from '../../adapters/store/open-store.ts';
import type { HeraldConfig } from '../../config/options.ts';
import { resolveConfig } from '../../config/resolve-config.ts';
import { createHerald } from '../../main.ts';

const DAY_MS = 86_400_000;
const PAGE = 2_000;

export interface SimulateRequest {
  workflow: string;
  store: string;
  from?: string | undefined;
  since?: string | undefined;
  version?: string | undefined;
  onProgress?: (done: number) => void;
}

export async function runSimulation(config: HeraldConfig, request: SimulateRequest): Promise<SimulationReport & { workflow: string }> {
  if ((request.from === undefined) === (request.since === undefined)) throw new Error('give exactly one of --from <events.ndjson> or --since <30d>');
  const needsStore = request.since !== undefined || !request.workflow.match(/\.ya?ml$|\.json$/);
  const live = needsStore ? await openStore(config, systemClock) : null;
  const folder = mkdtempSync(join(tmpdir(), 'herald-simulate-'));
  let clockMs = 0;
  const clock = { nowMs: () => clockMs };
  const sandboxConfig = resolveConfig({ flags: {}, env: { HERALD_DATA_DIR: folder, HERALD_LOG_LEVEL: 'silent', HERALD_HTTP_THREAD: 'false' }, yamlText: null });
  const herald = await createHerald(sandboxConfig, { clock, worker: false });
  try {
    const { text, label } = await workflowText(request, live);
    const parsed = parseWorkflowText(label, text);
    if (!parsed.ok) throw new Error(`${parsed.problems[0]!.file}:${parsed.problems[0]!.line} ${parsed.problems[0]!.field} ${parsed.problems[0]!.reason}`);
    const sandbox = herald.store;
    for (const w of await sandbox.admin.listWorkflows('default')) await sandbox.admin.setWorkflowEnabled('default', w.workflowId, false, isoAt(0));
    await sandbox.admin.saveWorkflowVersion({ storeId: 'default', workflowId: parsed.document.id, document: parsed.document as unknown as Record<string, unknown>, sourceText: text, createdAt: isoAt(0), createdBy: 'simulation' }, true);
    await sandbox.admin.setWorkflowEnabled('default', parsed.document.id, true, isoAt(0));
    const settings = live ? await live.admin.getStoreSettings(request.store) : null;
    if (settings) await sandbox.admin.saveStoreSettings('default', settings, isoAt(0));
    herald.catalog.invalidate('default');
    const events = request.from !== undefined ? fileEvents(request.from) : storeEvents(live!, request.store, parseSince(request.since!));
    const report = await simulateWorkflows(
      {
        storeId: 'default',
        store: sandbox,
        setClock: (ms) => {
          clockMs = Math.max(clockMs, ms);
        },
        ingest: async (items) => {
          await ingestEvents(herald.ingest, items, null);
        },
        fireDue: async () => (await herald.fireDue(500)).claimed,
      },
      events,
      { ...(request.onProgress ? { onProgress: request.onProgress } : {}) },
    );
    return { ...report, workflow: `${parsed.document.id} (${label})` };
  } finally {
    await herald.close();
    await live?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function workflowText(request: SimulateRequest, live: Store | null): Promise<{ text: string; label: string }> {
  if (/\.ya?ml$|\.json$/.test(request.workflow)) return { text: readFileSync(request.workflow, 'utf8'), label: request.workflow };
  const version = request.version === undefined ? null : Number(request.version);
  const record = await live!.admin.getWorkflowVersion(request.store, request.workflow, version);
  if (!record) throw new Error(`no workflow '${request.workflow}'${version === null ? '' : ` version ${version}`} in store '${request.store}'`);
  return { text: record.sourceText, label: `${record.workflowId} v${record.version}` };
}

function* fileEvents(file: string): Iterable<NormalizedEvent[]> {
  const parsed = parseEventBatch(readFileSync(file, 'utf8'), true);
  const { valid, rejected } = validateEvents(parsed.items, { storeId: 'default', defaultSource: 'import', receivedAt: isoAt(systemClock.nowMs()) });
  const bad = [...parsed.rejected, ...rejected];
  if (bad.length > 0) throw new Error(`${file} line ${bad[0]!.line}: ${bad[0]!.issues.map((i) => `${i.field}: ${i.reason}`).join('; ')} (${bad.length} bad lines)`);
  yield valid.map((v) => v.normalized);
}

async function* storeEvents(store: Store, storeId: string, sinceMs: number): AsyncIterable<NormalizedEvent[]> {
  let after = 0;
  const from = isoAt(sinceMs);
  const to = isoAt(systemClock.nowMs() + DAY_MS);
  for (;;) {
    const page = await store.reads.listEventsBetween(storeId, from, to, after, PAGE);
    if (page.length === 0) return;
    after = page[page.length - 1]!.seq;
    // Herald's own signals are recomputed by the sandbox, not replayed.
    yield page.filter((row) => row.event.source !== 'herald').map((row) => ({ event: row.event, trackingNumber: row.trackingNumber, unmapped: null }));
  }
}

function parseSince(since: string): number {
  const match = /^(\d+)\s*d$/.exec(since.trim());
  if (!match) throw new Error(`--since must be a number of days such as 30d, not '${since}'`);
  return systemClock.nowMs() - Number(match[1]) * DAY_MS;
}
