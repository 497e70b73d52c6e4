// Sources with their health over the last 24 hours, and the quarantine with replay.

import type { FC } from 'hono/jsx';
import type { SourceHealthView } from '../../app/source-health.ts';
import type { QuarantineRecord } from '../../core/ports/store.ts';
import { Csrf, when } from './admin-layout.tsx';

export const SourcesPage: FC<{ sources: readonly SourceHealthView[] }> = ({ sources }) => (
  <>
    <h1>Sources</h1>
    {sources.length === 0 ? <p class="muted">No source has sent events yet. Add one with <code>herald sources add</code>.</p> : (
      <table>
        <thead><tr><th scope="col">Source</th><th scope="col">Health</th><th scope="col">Last event</th><th scope="col">Events (24 h)</th><th scope="col">Signature failures</th><th scope="col">Parse failures</th><th scope="col">Unmapped</th></tr></thead>
        <tbody>
          {sources.map((s) => (
            <tr>
              <td>{s.source}{s.configured ? null : <div class="muted">not configured</div>}</td>
              <td><span class={`tag ${s.health.status === 'ok' ? 'ok' : s.health.status === 'waiting' ? '' : 'error'}`}>{s.health.status}</span><div class="muted">{healthWords(s.health)}</div></td>
              <td>{when(s.last_event_at)}</td>
              <td>{s.events_last_24h}</td>
              <td>{s.signature_failures_last_24h}</td>
              <td>{s.parse_failures_last_24h}</td>
              <td>{s.unmapped_last_24h}{s.unmapped_codes.length > 0 ? <div class="muted">{s.unmapped_codes.map((c) => `${c.code} ×${c.count}`).join(', ')}</div> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);

export const QuarantinePage: FC<{ entries: readonly QuarantineRecord[]; csrf: string; canReplay: boolean }> = ({ entries, csrf, canReplay }) => (
  <>
    <h1>Quarantine</h1>
    <p class="muted">Authentic payloads Herald could not read or map, kept exactly as received. Replay one after fixing the mapping or upgrading.</p>
    {entries.length === 0 ? <p class="muted">Nothing in quarantine.</p> : (
      <table>
        <thead><tr><th scope="col">Received</th><th scope="col">Source</th><th scope="col">Error</th><th scope="col">Size</th><th scope="col">Replayed</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>{when(e.receivedAt)}</td>
              <td>{e.source}</td>
              <td>{String(e.error['message'] ?? e.error['code'] ?? '')}</td>
              <td>{e.body.byteLength} B</td>
              <td>{e.replayedAt ? `${when(e.replayedAt)} ${JSON.stringify(e.replayResult)}` : '–'}</td>
              <td>
                {canReplay ? (
                  <form method="post" action={`/admin/quarantine/${encodeURIComponent(e.id)}/replay`} class="inline">
                    <Csrf token={csrf} />
                    <button type="submit">Replay</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);

function healthWords(h: SourceHealthView['health']): string {
  switch (h.status) {
    case 'ok':
      return `silent for more than ${h.silenceLimitHours} h would be unusual`;
    case 'waiting':
      return 'waiting for its first events';
    case 'silent':
      return `no event for ${h.silentForHours} h (limit ${h.silenceLimitHours} h)`;
    case 'failing':
      return `${h.failures} failures against ${h.events} events in ${h.window}`;
  }
}
