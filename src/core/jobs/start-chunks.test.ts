// The runs a large ingest leaves to the worker go in chunks (start-chunks.ts): in order, per
// store, a repeated key keeping its last, everything else stored as it was.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermanentFailure } from '../errors.ts';
import { START_CHUNK_RUNS, type JobRecord, type JobSpec } from './job.ts';
import { chunkRunStarts, runsOfStart, type RunStart } from './start-chunks.ts';

const NOW = Date.parse('2026-12-03T10:00:00Z');
const run = (storeId: string, key: string, extra: Record<string, unknown> = {}): JobSpec => ({ storeId, kind: 'workflow.run', key, dueAtMs: NOW, payload: { orderRef: key, ...extra } });

describe('chunked run starts', () => {
  test('runs due now go in chunks of START_CHUNK_RUNS per store, in order; the rest is stored as it was', () => {
    let n = 0;
    const later = { ...run('acme', 'later'), dueAtMs: NOW + 60_000 };
    const stall: JobSpec = { storeId: 'acme', kind: 'shipment.stall_check', key: 'stall:1', dueAtMs: NOW, payload: {} };
    const retried = { ...run('acme', 'bounded'), maxAttempts: 3 };
    const specs = [
      ...Array.from({ length: 20 }, (_, i) => run('acme', `a${i}`)),
      run('globex', 'g0'),
      later,
      stall,
      retried,
      ...Array.from({ length: 19 }, (_, i) => run('acme', `a${20 + i}`)),
      run('acme', 'a3', { again: true }),
    ];
    const stored = chunkRunStarts(specs, NOW, () => `start-${(n += 1)}`);

    const chunks = stored.filter((s) => s.kind === 'workflow.start');
    assert.deepEqual(chunks.map((c) => [c.storeId, c.key, c.dueAtMs]), [['acme', 'start-1', NOW], ['acme', 'start-2', NOW], ['acme', 'start-3', NOW]]);
    const keys = chunks.flatMap((c) => (c.payload['runs'] as RunStart[]).map((r) => r.key));
    const expected = [...Array.from({ length: 39 }, (_, i) => `a${i}`).filter((k) => k !== 'a3'), 'a3'];
    assert.deepEqual(keys, expected, 'in order; the repeated a3 only once, where it came last');
    assert.deepEqual(chunks.map((c) => (c.payload['runs'] as RunStart[]).length), [START_CHUNK_RUNS, START_CHUNK_RUNS, 39 - 2 * START_CHUNK_RUNS]);
    const a3 = (chunks[2]!.payload['runs'] as RunStart[]).find((r) => r.key === 'a3')!;
    assert.deepEqual(a3.payload, { orderRef: 'a3', again: true }, 'the last schedule of a key wins, as an upsert would');

    const others = stored.filter((s) => s.kind !== 'workflow.start');
    assert.deepEqual(others.map((s) => s.key).sort(), ['bounded', 'g0', 'later', 'stall:1'], 'a lone run, a run due later, one with its own attempts and other kinds stay as they were');
    assert.equal(others.find((s) => s.key === 'g0')!.kind, 'workflow.run');
  });

  test('nothing to chunk: specs come back as they were', () => {
    const specs = [run('acme', 'only'), { ...run('acme', 'later'), dueAtMs: NOW + 1 }];
    const byKey = (a: JobSpec, b: JobSpec) => a.key.localeCompare(b.key);
    assert.deepEqual([...chunkRunStarts(specs, NOW, () => assert.fail('no chunk to name'))].sort(byKey), [...specs].sort(byKey));
  });

  test('a claimed chunk gives back its runs, due at the claim; one without runs is a permanent failure', () => {
    const job = (payload: Record<string, unknown>): JobRecord => ({
      id: '7', storeId: 'acme', kind: 'workflow.start', key: 'start-1', dueAtMs: NOW - 5_000, payload, maxAttempts: 10, attempts: 1, revision: 1, lockedUntilMs: NOW + 60_000, lockedBy: 'w', lastError: null, createdAt: '2026-12-03T09:59:55.000Z',
    });
    const runs: RunStart[] = [{ key: 'r1', payload: { orderRef: 'A' } }, { key: 'r2', payload: { orderRef: 'B' } }];
    assert.deepEqual(runsOfStart(job({ runs }), NOW), [
      { storeId: 'acme', kind: 'workflow.run', key: 'r1', dueAtMs: NOW, payload: { orderRef: 'A' } },
      { storeId: 'acme', kind: 'workflow.run', key: 'r2', dueAtMs: NOW, payload: { orderRef: 'B' } },
    ]);
    assert.throws(() => runsOfStart(job({}), NOW), (error: unknown) => error instanceof PermanentFailure && /start-1\) carries no runs/.test(error.message));
    assert.throws(() => runsOfStart(job({ runs: [] }), NOW), PermanentFailure);
    assert.throws(() => runsOfStart(job({ runs: 'r1' }), NOW), PermanentFailure);
  });
});
