// Chunked run starts: the runs a large ingest leaves to the worker travel as `workflow.start`
// jobs of up to START_CHUNK_RUNS runs each instead of a `workflow.run` row per run, so the worker
// writes, claims and deletes one row per chunk (docs/workflows.md "Runs of a large ingest").

import { PermanentFailure } from '../errors.ts';
import { START_CHUNK_RUNS, type JobRecord, type JobSpec } from './job.ts';

/** A run as a `workflow.start` job carries it: what its own `workflow.run` job would have held. */
export interface RunStart {
  key: string;
  payload: Record<string, unknown>;
}

/**
 * The jobs of a large ingest as it stores them for the worker: the runs due now go in
 * `workflow.start` jobs of up to START_CHUNK_RUNS runs each, one store's per job, in order; a run
 * key repeated in `specs` keeps its last, as a stored job would have been superseded. Every
 * other job is stored as it is. `newKey` names each chunk (a fresh id: chunks never supersede).
 */
export function chunkRunStarts(specs: readonly JobSpec[], nowMs: number, newKey: () => string): JobSpec[] {
  const stored: JobSpec[] = [];
  const runs = new Map<string, Map<string, RunStart>>();
  for (const spec of specs) {
    if (spec.kind !== 'workflow.run' || spec.dueAtMs > nowMs || spec.maxAttempts !== undefined) {
      stored.push(spec);
      continue;
    }
    const ofStore = runs.get(spec.storeId) ?? new Map<string, RunStart>();
    ofStore.delete(spec.key);
    ofStore.set(spec.key, { key: spec.key, payload: spec.payload });
    runs.set(spec.storeId, ofStore);
  }
  for (const [storeId, ofStore] of runs) {
    const all = [...ofStore.values()];
    for (let i = 0; i < all.length; i += START_CHUNK_RUNS) {
      const chunk = all.slice(i, i + START_CHUNK_RUNS);
      // A lone run gains nothing from a chunk: it is stored as its own job.
      if (chunk.length === 1) stored.push({ storeId, kind: 'workflow.run', key: chunk[0]!.key, dueAtMs: nowMs, payload: chunk[0]!.payload });
      else stored.push({ storeId, kind: 'workflow.start', key: newKey(), dueAtMs: nowMs, payload: { runs: chunk } });
    }
  }
  return stored;
}

/** The run specs a claimed `workflow.start` job carries, due at its claim. */
export function runsOfStart(job: JobRecord, nowMs: number): JobSpec[] {
  const runs = job.payload['runs'];
  if (!Array.isArray(runs) || runs.length === 0) throw new PermanentFailure(`job ${job.id} (${job.key}) carries no runs to start`);
  return (runs as RunStart[]).map((run) => ({ storeId: job.storeId, kind: 'workflow.run', key: run.key, dueAtMs: nowMs, payload: run.payload }));
}
