// The overview: the scorecard over the last 7 or 30 days, in numbers and charts.

import type { FC } from 'hono/jsx';
import type { Scorecard } from '../../app/scorecard.ts';
import { duration, words } from './admin-layout.tsx';
import { BarChart, DayLineChart } from './svg-charts.tsx';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10} %`);

export const OverviewPage: FC<{ card: Scorecard }> = ({ card }) => (
  <>
    <h1>Overview</h1>
    <p class="filters" aria-label="Range">
      <span class="muted">
        {card.dayKeys[0]} to {card.dayKeys[card.dayKeys.length - 1]} ({card.timeZone}).
      </span>
      {[7, 30].map((d) => (
        <a href={`/admin?days=${d}`} aria-current={card.days === d ? 'page' : undefined}>
          Last {d} days
        </a>
      ))}
    </p>
    <div class="kpis">
      <Kpi label="Orders" value={String(card.orders)} />
      <Kpi label="Messages sent" value={String(card.messagesSent)} />
      <Kpi label="Held back" value={String(card.held.reduce((n, h) => n + h.count, 0))} />
      <Kpi label="WISMO tickets" value={String(card.wismoTickets)} />
      <Kpi label="Tracking page visits" value={String(card.trackingVisits)} />
      <Kpi label="Self-service deflection" value={percent(card.deflection)} />
      <Kpi label="Cases open now" value={String(card.cases.openNow)} />
      <Kpi label="Cases opened / resolved" value={`${card.cases.opened} / ${card.cases.resolved}`} />
      <Kpi label="Median time to resolve" value={duration(card.cases.medianResolveMs)} />
    </div>
    <p class="muted">Self-service deflection = tracking page visits / (visits + WISMO tickets).</p>
    <div class="grid">
      <section class="card">
        <h2>Messages sent by channel</h2>
        <BarChart id="chart-channels" title="Messages sent by channel" unit="messages" data={card.messagesByChannel.map((r) => ({ label: r.channel, value: r.sent }))} />
        <table>
          <thead>
            <tr><th scope="col">Channel</th><th scope="col">Sent</th><th scope="col">Failed</th><th scope="col">Held back</th></tr>
          </thead>
          <tbody>
            {card.messagesByChannel.map((r) => (
              <tr><td>{r.channel}</td><td>{r.sent}</td><td>{r.failed}</td><td>{r.held}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Held back, and why</h2>
        {card.held.length === 0 ? (
          <p class="muted">Nothing was held back.</p>
        ) : (
          <table>
            <thead><tr><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Messages</th></tr></thead>
            <tbody>
              {card.held.map((h) => (
                <tr><td><span class={`tag ${h.status}`}>{h.status}</span></td><td>{h.reason}</td><td>{h.count}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card">
        <h2>WISMO tickets and tracking page visits per day</h2>
        <DayLineChart
          id="chart-days"
          title="WISMO tickets and tracking page visits per day"
          series={[
            { name: 'Tracking page visits', points: card.visitsPerDay },
            { name: 'WISMO tickets', points: card.wismoPerDay, alt: true },
          ]}
        />
      </section>
      <section class="card">
        <h2>Exceptions by carrier and reason</h2>
        <BarChart id="chart-exceptions" title="Parcels with an exception, by carrier and reason" unit="parcels" data={card.exceptions.map((e) => ({ label: `${e.carrier}: ${words(e.reason)}`, value: e.parcels }))} />
      </section>
      <section class="card">
        <h2>Parcels by state</h2>
        <BarChart id="chart-states" title="Parcels with activity in the range, by their state now" unit="parcels" data={card.shipmentStates.map((s) => ({ label: words(s.state), value: s.parcels }))} />
      </section>
    </div>
  </>
);

const Kpi: FC<{ label: string; value: string }> = ({ label, value }) => (
  <div class="kpi">
    <div class="value">{value}</div>
    <div class="label">{label}</div>
  </div>
);
