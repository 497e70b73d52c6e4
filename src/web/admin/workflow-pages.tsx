// Workflows: the list with enabled flags, one workflow's versions and text, enable/disable for
// owners, and a simulation of the store's last N days against a version.

import type { FC } from 'hono/jsx';
import type { getWorkflowDetail, listWorkflowSummaries } from '../../app/manage-workflows.ts';
import type { SimulationReport } from '../../app/simulate-workflows.ts';
import { Csrf, when, words } from './admin-layout.tsx';

type Summary = Awaited<ReturnType<typeof listWorkflowSummaries>>[number];
type Detail = Awaited<ReturnType<typeof getWorkflowDetail>>;

export const WorkflowListPage: FC<{ workflows: readonly Summary[] }> = ({ workflows }) => (
  <>
    <h1>Workflows</h1>
    <table>
      <thead><tr><th scope="col">Workflow</th><th scope="col">Trigger</th><th scope="col">Version</th><th scope="col">Enabled</th><th scope="col">Updated</th></tr></thead>
      <tbody>
        {workflows.map((w) => (
          <tr>
            <td><a href={`/admin/workflows/${encodeURIComponent(w.id)}`}>{String(w.name)}</a><div class="muted">{w.id}</div></td>
            <td>{triggerWords(w.trigger)}</td>
            <td>v{w.version}</td>
            <td><span class={`tag ${w.enabled ? 'ok' : 'skipped'}`}>{w.enabled ? 'enabled' : 'disabled'}</span></td>
            <td>{when(w.updated_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
);

export const WorkflowPage: FC<{
  detail: Detail;
  shown: { version: number; text: string };
  csrf: string;
  canManage: boolean;
  simulation: { days: number; report: SimulationReport | null; unavailable: string | null } | null;
}> = ({ detail, shown, csrf, canManage, simulation }) => {
  const base = `/admin/workflows/${encodeURIComponent(detail.id)}`;
  return (
    <>
      <p><a href="/admin/workflows">← Workflows</a></p>
      <h1>
        {String(detail.document?.['name'] ?? detail.id)} <span class={`tag ${detail.enabled ? 'ok' : 'skipped'}`}>{detail.enabled ? 'enabled' : 'disabled'}</span>
      </h1>
      {canManage ? (
        <form method="post" action={`${base}/${detail.enabled ? 'disable' : 'enable'}`} class="inline">
          <Csrf token={csrf} />
          <button type="submit" class={detail.enabled ? 'danger' : ''}>{detail.enabled ? 'Disable' : 'Enable'}</button>
        </form>
      ) : null}
      <div class="grid">
        <section class="card" aria-labelledby="w-versions">
          <h2 id="w-versions">Versions</h2>
          <ul>
            {detail.versions.map((v) => (
              <li>
                <a href={`${base}?version=${v.version}`} aria-current={v.version === shown.version ? 'true' : undefined}>v{v.version}</a>
                {v.version === detail.version ? <span class="tag ok">current</span> : null} {when(v.created_at)} by {v.created_by}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="w-simulate">
          <h2 id="w-simulate">Simulate</h2>
          <p class="muted">Replays the store's events of the last days against v{shown.version} in a sandbox: nothing is sent.</p>
          {canManage ? (
            <form method="post" action={`${base}/simulate`} class="stack">
              <Csrf token={csrf} />
              <input type="hidden" name="version" value={String(shown.version)} />
              <label for="sim-days">Days of history</label>
              <input id="sim-days" name="days" type="number" min="1" max="90" value={String(simulation?.days ?? 30)} />
              <button type="submit">Simulate</button>
            </form>
          ) : <p class="muted">Owners can run a simulation.</p>}
          {simulation ? <SimulationResult {...simulation} /> : null}
        </section>
      </div>
      <section class="card" aria-labelledby="w-text">
        <h2 id="w-text">v{shown.version}</h2>
        <pre>{shown.text}</pre>
      </section>
    </>
  );
};

const SimulationResult: FC<{ days: number; report: SimulationReport | null; unavailable: string | null }> = ({ days, report, unavailable }) => {
  if (!report) return <div class="notice error" role="alert">{unavailable}</div>;
  return (
    <div role="status" id="simulation-report">
      <p>
        Over the last {days} days: {report.events} events, {report.orders} orders, {report.wouldSend.reduce((n, r) => n + r.messages, 0)} messages would have gone out, {report.casesOpened} case(s) opened.
      </p>
      <table>
        <thead><tr><th scope="col">Milestone</th><th scope="col">Channel</th><th scope="col">Messages</th><th scope="col">Orders</th></tr></thead>
        <tbody>{report.wouldSend.map((r) => <tr><td>{words(r.milestone)}</td><td>{r.channel}</td><td>{r.messages}</td><td>{r.orders}</td></tr>)}</tbody>
      </table>
      {report.suppressed.length > 0 ? (
        <table>
          <thead><tr><th scope="col">Held back</th><th scope="col">Why</th><th scope="col">Messages</th></tr></thead>
          <tbody>{report.suppressed.map((r) => <tr><td>{words(r.milestone)} on {r.channel}: {r.status}</td><td>{r.reason}</td><td>{r.count}</td></tr>)}</tbody>
        </table>
      ) : null}
    </div>
  );
};

function triggerWords(trigger: unknown): string {
  if (trigger === null || trigger === undefined) return '–';
  if (typeof trigger === 'string') return trigger;
  return JSON.stringify(trigger);
}
