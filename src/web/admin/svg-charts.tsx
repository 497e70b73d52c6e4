// Charts drawn on the server as SVG (no chart library, no script): horizontal bars for
// categories and lines for days. Each chart has a title and description for screen readers and
// the same numbers as a table beside it.

import type { FC } from 'hono/jsx';

export interface BarDatum {
  label: string;
  value: number;
}

export const BarChart: FC<{ id: string; title: string; data: readonly BarDatum[]; unit: string }> = ({ id, title, data, unit }) => {
  if (data.length === 0) return <p class="muted">Nothing in this range.</p>;
  const rowHeight = 24;
  const labelWidth = 190;
  const width = 560;
  const height = data.length * rowHeight + 8;
  const max = Math.max(1, ...data.map((d) => d.value));
  const summary = data.map((d) => `${d.label}: ${d.value} ${unit}`).join('; ');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        {data.map((d, i) => {
          const barWidth = Math.max(d.value > 0 ? 2 : 0, ((width - labelWidth - 50) * d.value) / max);
          const y = i * rowHeight + 4;
          return (
            <g>
              <text x={labelWidth - 6} y={y + 15} text-anchor="end">
                {truncate(d.label, 30)}
              </text>
              <rect class="bar" x={labelWidth} y={y + 3} width={barWidth} height={rowHeight - 8}>
                <title>{`${d.label}: ${d.value} ${unit}`}</title>
              </rect>
              <text x={labelWidth + barWidth + 5} y={y + 15}>
                {String(d.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
};

export interface LineSeries {
  name: string;
  points: readonly { day: string; count: number }[];
  alt?: boolean;
}

export const DayLineChart: FC<{ id: string; title: string; series: readonly LineSeries[] }> = ({ id, title, series }) => {
  const width = 560;
  const height = 180;
  const pad = { left: 36, right: 10, top: 10, bottom: 26 };
  const days = series[0]?.points.map((p) => p.day) ?? [];
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.count)));
  const x = (i: number) => pad.left + (days.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (days.length - 1));
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const summary = series.map((s) => `${s.name}: ${s.points.reduce((n, p) => n + p.count, 0)} in total, at most ${Math.max(0, ...s.points.map((p) => p.count))} a day`).join('; ');
  const every = Math.max(1, Math.ceil(days.length / 7));
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{summary}</desc>
        <line class="axis" x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} />
        <line class="axis" x1={pad.left} y1={y(max)} x2={width - pad.right} y2={y(max)} />
        <text x={pad.left - 4} y={y(0) + 4} text-anchor="end">
          0
        </text>
        <text x={pad.left - 4} y={y(max) + 4} text-anchor="end">
          {String(max)}
        </text>
        {days.map((day, i) =>
          i % every === 0 ? (
            <text x={x(i)} y={height - 8} text-anchor="middle">
              {day.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g>
            <polyline class={s.alt ? 'line alt' : 'line'} points={s.points.map((p, i) => `${x(i).toFixed(1)},${y(p.count).toFixed(1)}`).join(' ')} />
            {s.points.map((p, i) => (
              <circle class={s.alt ? 'bar alt' : 'bar'} cx={x(i)} cy={y(p.count)} r={2.5}>
                <title>{`${s.name} on ${p.day}: ${p.count}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        {series.map((s) => (
          <span>
            <span class={s.alt ? 'swatch alt' : 'swatch'} aria-hidden="true"></span>
            {s.name}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
};

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
