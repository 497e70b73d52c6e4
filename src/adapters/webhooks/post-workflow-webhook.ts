// A workflow's webhook step: POST the run's facts as JSON. At-least-once (a crash after the call
// repeats it), so every call carries a stable delivery id for the receiver to deduplicate on.

import { PermanentFailure, RetryLater } from '../../core/errors.ts';
import type { JobRecord } from '../../core/jobs/job.ts';

const TIMEOUT_MS = 10_000;

export async function postWorkflowWebhook(job: JobRecord, nowMs: number): Promise<void> {
  const { url, headers, ...payload } = job.payload as { url: string; headers?: Record<string, string> } & Record<string, unknown>;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Herald', 'herald-delivery-id': job.key, ...(headers ?? {}) },
      body: JSON.stringify({ delivery_id: job.key, sent_at: new Date(nowMs).toISOString(), ...payload }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`webhook ${url} unreachable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  await response.body?.cancel();
  if (response.ok) return;
  if (response.status === 429) throw new RetryLater(`webhook ${url} answered 429`, retryAfterMs(response.headers.get('retry-after')));
  if (response.status >= 400 && response.status < 500 && response.status !== 408) {
    throw new PermanentFailure(`webhook ${url} refused the call with ${response.status}: check the receiver`);
  }
  throw new Error(`webhook ${url} answered ${response.status}`);
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3_600) * 1_000 : 30_000;
}
