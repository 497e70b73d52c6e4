// Orders: a search by order number, email, tracking number or ref, and one order's whole story:
// events and what each changed, every message with its status and attempts, every workflow step
// (including the skipped ones, with their reason), and its cases.

import type { FC } from 'hono/jsx';
import type { getOrderView } from '../../app/read-views.ts';
import { when, words } from './admin-layout.tsx';

export type OrderView = Awaited<ReturnType<typeof getOrderView>>;
export interface OrderHit {
  ref: string;
  number: string | null;
  email: string | null;
  lastEventAt: string;
}

export const OrderSearchPage: FC<{ query: string; hits: readonly OrderHit[] | null }> = ({ query, hits }) => (
  <>
    <h1>Orders</h1>
    <form method="get" action="/admin/orders" class="filters" role="search">
      <div>
        <label for="q">Order number, email, tracking number or order ref</label>
        <input id="q" name="q" type="search" value={query} required />
      </div>
      <button type="submit">Search</button>
    </form>
    {hits === null ? null : hits.length === 0 ? (
      <p class="muted">No order matches “{query}”.</p>
    ) : (
      <table>
        <thead><tr><th scope="col">Order</th><th scope="col">Number</th><th scope="col">Email</th><th scope="col">Last event</th></tr></thead>
        <tbody>
          {hits.map((h) => (
            <tr><td><a href={`/admin/orders/${encodeURIComponent(h.ref)}`}>{h.ref}</a></td><td>{h.number ?? '–'}</td><td>{h.email ?? '–'}</td><td>{when(h.lastEventAt)}</td></tr>
          ))}
        </tbody>
      </table>
    )}
  </>
);

export const OrderPage: FC<{ view: OrderView }> = ({ view }) => {
  const o = view.order as OrderView['order'] & Record<string, unknown>;
  const number = typeof o['number'] === 'string' ? o['number'] : null;
  return (
    <>
      <p><a href="/admin/orders">← Orders</a></p>
      <h1>
        Order {number ?? o.ref} <span class={`tag ${o.needs_attention ? 'high' : 'ok'}`}>{o.status_words}</span>
      </h1>
      <table>
        <tbody>
          <tr><th scope="row">Ref</th><td>{o.ref}</td></tr>
          <tr><th scope="row">Customer</th><td>{o.customer_ref ?? '–'} {(o['customer'] as { email?: string } | undefined)?.email ?? ''}</td></tr>
          <tr><th scope="row">Placed</th><td>{when(o.placed_at)}</td></tr>
          <tr><th scope="row">Promised</th><td>{o.promise_date ?? '–'}</td></tr>
          <tr><th scope="row">Parcels</th><td>{o.delivered_count} of {o.shipment_count} delivered</td></tr>
        </tbody>
      </table>

      <section class="card" aria-labelledby="o-parcels">
        <h2 id="o-parcels">Parcels</h2>
        {view.shipments.length === 0 ? <p class="muted">No parcels yet.</p> : (
          <table>
            <thead><tr><th scope="col">Tracking number</th><th scope="col">Carrier</th><th scope="col">State</th><th scope="col">Reason</th><th scope="col">Last scan</th><th scope="col">ETA</th></tr></thead>
            <tbody>
              {view.shipments.map((s) => (
                <tr><td>{s.tracking_number}</td><td>{s.carrier ?? '–'}</td><td>{s.state_words}</td><td>{s.reason_words ?? '–'}{s.action_by ? ` (${s.action_by} acts)` : ''}</td><td>{when(s.last_scan_at)} {s.last_location ? `, ${typeof s.last_location === 'string' ? s.last_location : JSON.stringify(s.last_location)}` : ''}</td><td>{when(s.estimated_delivery_at)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="o-timeline">
        <h2 id="o-timeline">Timeline</h2>
        <table>
          <thead><tr><th scope="col">Occurred</th><th scope="col">Event</th><th scope="col">Source</th><th scope="col">What it says</th><th scope="col">Effect</th></tr></thead>
          <tbody>
            {view.timeline.map((e) => (
              <tr>
                <td>{when(e.occurred_at)}</td>
                <td>{e.type}{e.tracking_number ? <div class="muted">{e.tracking_number}</div> : null}</td>
                <td>{e.source}</td>
                <td>{e.words}</td>
                <td>{words(e.effect)}{e.arrived_late ? <span class="tag high">arrived late</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="card" aria-labelledby="o-messages">
        <h2 id="o-messages">Messages</h2>
        {view.notifications.length === 0 ? <p class="muted">No messages.</p> : view.notifications.map((n) => (
          <details class="card">
            <summary>
              {when(n.created_at)} · {words(n.milestone)} on {n.channel} to {n.recipient ?? '–'} · <span class={`tag ${n.status}`}>{n.status}</span>
              {n.status_reason ? <span class="muted"> {n.status_reason}</span> : null}
              <span class="muted"> · {n.attempts.length} attempt(s)</span>
            </summary>
            {n.subject ? <p><strong>{n.subject}</strong></p> : null}
            {n.body ? <pre>{n.body}</pre> : null}
            <h3>Attempts</h3>
            {n.attempts.length === 0 ? <p class="muted">No provider call yet.</p> : <ol>{n.attempts.map((a) => <li>{when(a.at)} {a.provider}: {a.outcome}{a.reason ? ` (${a.reason})` : ''}</li>)}</ol>}
            <h3>History</h3>
            <ol>{n.history.map((h) => <li>{when(h.at)} {h.status}{h.reason ? `: ${h.reason}` : ''}</li>)}</ol>
          </details>
        ))}
      </section>

      <section class="card" aria-labelledby="o-activity">
        <h2 id="o-activity">Workflow steps</h2>
        {view.activity.length === 0 ? <p class="muted">No workflow ran for this order.</p> : (
          <table>
            <thead><tr><th scope="col">At</th><th scope="col">Workflow</th><th scope="col">Step</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead>
            <tbody>
              {view.activity.map((a) => (
                <tr><td>{when(a.at)}</td><td>{a.workflow} v{a.version}</td><td>{a.step}</td><td><span class={`tag ${a.outcome}`}>{a.outcome}</span></td><td>{a.reason ?? ''}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="o-cases">
        <h2 id="o-cases">Cases</h2>
        {view.cases.length === 0 ? <p class="muted">No cases.</p> : (
          <ul>
            {view.cases.map((k) => <li><a href={`/admin/cases/${encodeURIComponent(k.id)}`}>{words(k.reason)}</a> <span class={`tag ${k.status === 'open' ? k.priority : 'resolved'}`}>{k.status}</span> {k.summary}</li>)}
          </ul>
        )}
      </section>
    </>
  );
};
