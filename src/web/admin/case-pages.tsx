// The review queue and one case: evidence, parcels, messages, drafts and history, with the
// actions (claim, comment, approve or reject a draft, resolve) as forms that post without script
// and that htmx turns into in-place updates of the case panel.

import type { FC } from 'hono/jsx';
import type { getCaseView, listCaseViews } from '../../app/manage-cases.ts';
import { CASE_OUTCOMES, CASE_PRIORITIES, OWNER_TEAMS } from '../../core/cases/case-record.ts';
import { Csrf, Flash, when, words } from './admin-layout.tsx';

export type CaseSummaryView = Awaited<ReturnType<typeof listCaseViews>>[number];
export type CaseView = Awaited<ReturnType<typeof getCaseView>>;

export interface QueueFilter {
  team: string;
  priority: string;
  assignee: string;
  status: 'open' | 'resolved';
}

export const QueuePage: FC<{ cases: readonly CaseSummaryView[]; filter: QueueFilter; nowMs: number }> = ({ cases, filter, nowMs }) => (
  <>
    <h1>Review queue</h1>
    <form method="get" action="/admin/cases" class="filters" aria-label="Filter the queue">
      <div>
        <label for="f-status">Status</label>
        <select id="f-status" name="status">
          {(['open', 'resolved'] as const).map((s) => <option value={s} selected={filter.status === s}>{s}</option>)}
        </select>
      </div>
      <div>
        <label for="f-team">Team</label>
        <select id="f-team" name="team">
          <option value="">any</option>
          {OWNER_TEAMS.map((t) => <option value={t} selected={filter.team === t}>{t}</option>)}
        </select>
      </div>
      <div>
        <label for="f-priority">Priority</label>
        <select id="f-priority" name="priority">
          <option value="">any</option>
          {[...CASE_PRIORITIES].reverse().map((p) => <option value={p} selected={filter.priority === p}>{p}</option>)}
        </select>
      </div>
      <div>
        <label for="f-assignee">Assignee</label>
        <input id="f-assignee" name="assignee" type="text" value={filter.assignee} placeholder="me, unassigned or a name" />
      </div>
      <button type="submit">Filter</button>
    </form>
    <p class="muted">{cases.length} case(s), the nearest SLA first.</p>
    <table>
      <thead>
        <tr><th scope="col">SLA</th><th scope="col">Priority</th><th scope="col">Case</th><th scope="col">Order</th><th scope="col">Team</th><th scope="col">Assignee</th><th scope="col">Opened</th></tr>
      </thead>
      <tbody>
        {cases.map((k) => (
          <tr>
            <td>{k.status === 'open' ? slaWords(k.sla_due_at, nowMs) : `resolved ${when(k.resolved_at)}`}</td>
            <td><span class={`tag ${k.priority}`}>{k.priority}</span></td>
            <td>
              <a href={`/admin/cases/${encodeURIComponent(k.id)}`}>{words(k.reason)}</a>
              <div class="muted">{k.summary}</div>
              {k.drafts.length > 0 ? <span class="tag draft">{k.drafts.length} draft(s) to approve</span> : null}
            </td>
            <td><a href={`/admin/orders/${encodeURIComponent(k.order_ref)}`}>{k.order_ref}</a></td>
            <td>{k.team}</td>
            <td>{k.assignee ?? <span class="muted">unassigned</span>}</td>
            <td>{when(k.opened_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
);

export const CasePage: FC<{ view: CaseView; csrf: string; canAct: boolean; nowMs: number; flash?: { kind: 'ok' | 'error'; text: string } | null }> = (props) => (
  <>
    <p><a href="/admin/cases">← Review queue</a></p>
    <CasePanel {...props} />
  </>
);

/** The part of the case page that actions replace in place. */
export const CasePanel: FC<{ view: CaseView; csrf: string; canAct: boolean; nowMs: number; flash?: { kind: 'ok' | 'error'; text: string } | null }> = ({ view: k, csrf, canAct, nowMs, flash }) => {
  const base = `/admin/cases/${encodeURIComponent(k.id)}`;
  const hx = (action: string) => ({ 'hx-post': action, 'hx-target': '#case', 'hx-swap': 'outerHTML' });
  return (
    <div id="case">
      {flash ? <Flash kind={flash.kind} text={flash.text} /> : null}
      <h1>
        {words(k.reason)} <span class={`tag ${k.status === 'open' ? k.priority : 'resolved'}`}>{k.status === 'open' ? k.priority : `resolved: ${words(k.outcome)}`}</span>
      </h1>
      <p>{k.summary}</p>
      <table>
        <tbody>
          <tr><th scope="row">Order</th><td><a href={`/admin/orders/${encodeURIComponent(k.order_ref)}`}>{k.order_ref}</a></td></tr>
          <tr><th scope="row">Team</th><td>{k.team}</td></tr>
          <tr><th scope="row">Assignee</th><td data-testid="assignee">{k.assignee ?? 'unassigned'}</td></tr>
          <tr><th scope="row">SLA</th><td>{k.status === 'open' ? slaWords(k.sla_due_at, nowMs) : '–'} {k.escalations > 0 ? <span class="tag urgent">escalated {k.escalations}×</span> : null}</td></tr>
          <tr><th scope="row">Opened</th><td>{when(k.opened_at)} by {k.opened_by}</td></tr>
          {k.risk ? <tr><th scope="row">Risk</th><td>{k.risk.score}/100: {k.risk.reasons.join('; ') || 'no risk factors'}</td></tr> : null}
          {k.resolution ? <tr><th scope="row">Resolution</th><td>{words(k.outcome)}{k.resolution.note ? `: ${k.resolution.note}` : ''} ({when(k.resolved_at)})</td></tr> : null}
        </tbody>
      </table>

      {k.status === 'open' && canAct ? (
        <section class="card" aria-labelledby="actions-h">
          <h2 id="actions-h">Actions</h2>
          <div class="actions">
            <form method="post" action={`${base}/claim`} {...hx(`${base}/claim`)} class="stack">
              <Csrf token={csrf} />
              <button type="submit">Assign to me</button>
            </form>
            <form method="post" action={`${base}/comment`} {...hx(`${base}/comment`)} class="stack">
              <Csrf token={csrf} />
              <label for="comment-text">Comment</label>
              <textarea id="comment-text" name="text" required></textarea>
              <button type="submit">Add comment</button>
            </form>
            <form method="post" action={`${base}/resolve`} {...hx(`${base}/resolve`)} class="stack">
              <Csrf token={csrf} />
              <label for="resolve-outcome">Outcome</label>
              <select id="resolve-outcome" name="outcome" required>
                {CASE_OUTCOMES.map((o) => <option value={o}>{words(o)}</option>)}
              </select>
              <label for="resolve-note">Note</label>
              <input id="resolve-note" name="note" type="text" />
              <button type="submit">Resolve</button>
            </form>
          </div>
        </section>
      ) : null}

      {k.draft_messages.length > 0 ? (
        <section class="card" aria-labelledby="drafts-h">
          <h2 id="drafts-h">Drafted messages waiting for approval</h2>
          {k.draft_messages.map((d) => {
            const url = `${base}/drafts/${encodeURIComponent(d.id)}`;
            return (
              <div class="card" data-draft={d.id}>
                <p>{words(d.milestone)} on {d.channel} to {d.recipient ?? 'unknown'}</p>
                {canAct ? (
                  <>
                    <form method="post" action={`${url}/approve`} {...hx(`${url}/approve`)} class="stack">
                      <Csrf token={csrf} />
                      {d.subject !== null ? (
                        <>
                          <label for={`subject-${d.id}`}>Subject</label>
                          <input id={`subject-${d.id}`} name="subject" type="text" value={d.subject} />
                        </>
                      ) : null}
                      <label for={`body-${d.id}`}>Message</label>
                      <textarea id={`body-${d.id}`} name="body">{d.body ?? ''}</textarea>
                      <button type="submit">Approve and send</button>
                    </form>
                    <form method="post" action={`${url}/reject`} {...hx(`${url}/reject`)} class="stack">
                      <Csrf token={csrf} />
                      <label for={`reject-${d.id}`}>Reason to reject</label>
                      <input id={`reject-${d.id}`} name="reason" type="text" />
                      <button type="submit" class="danger">Reject</button>
                    </form>
                  </>
                ) : (
                  <pre>{d.body ?? ''}</pre>
                )}
              </div>
            );
          })}
        </section>
      ) : null}

      <section class="card" aria-labelledby="parcels-h">
        <h2 id="parcels-h">Parcels</h2>
        {k.shipments.length === 0 ? <p class="muted">No parcels yet.</p> : (
          <table>
            <thead><tr><th scope="col">Tracking number</th><th scope="col">Carrier</th><th scope="col">State</th><th scope="col">Reason</th><th scope="col">Last scan</th><th scope="col">ETA</th></tr></thead>
            <tbody>
              {k.shipments.map((s) => (
                <tr><td>{s.tracking_number}</td><td>{s.carrier ?? '–'}</td><td>{s.state_words}</td><td>{s.reason_words ?? '–'}</td><td>{when(s.last_scan_at)}</td><td>{when(s.estimated_delivery_at)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="evidence-h">
        <h2 id="evidence-h">Evidence</h2>
        <ul>
          {k.evidence.map((e) => <li>{when(e.at)} <span class="tag">{e.kind}</span> {e.summary}</li>)}
        </ul>
      </section>

      <section class="card" aria-labelledby="messages-h">
        <h2 id="messages-h">Messages</h2>
        {k.messages.length === 0 ? <p class="muted">No messages for this order.</p> : (
          <table>
            <thead><tr><th scope="col">Created</th><th scope="col">Milestone</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {k.messages.map((m) => (
                <tr><td>{when(m.created_at)}</td><td>{words(m.milestone)}</td><td>{m.channel}</td><td><span class={`tag ${m.status}`}>{m.status}</span></td><td>{m.status_reason ?? ''}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <ol>
          {k.history.map((h) => <li>{when(h.at)} <strong>{words(h.action)}</strong> by {h.actor}{h.detail ? `: ${h.detail}` : ''}</li>)}
        </ol>
      </section>
    </div>
  );
};

export function slaWords(dueAt: string | null, nowMs: number): string {
  if (!dueAt) return 'no SLA';
  const leftMs = Date.parse(dueAt) - nowMs;
  const hours = Math.round(Math.abs(leftMs) / 360_000) / 10;
  return leftMs >= 0 ? `due in ${hours} h` : `overdue by ${hours} h`;
}
