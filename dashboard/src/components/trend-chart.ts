import { html } from 'htm/preact';
import { percent, dayMonth } from '../format.js';

const W = 600;
const H = 160;
const PAD = 24;

/** x of bucket i of n, centred in its slot. */
const xAt = (i: number, n: number) => PAD + ((i + 0.5) * (W - 2 * PAD)) / Math.max(n, 1);

export interface RatePoint {
  from: number;
  rate: number | null;
}

/**
 * A conversion rate per week or month as a line (gaps where nothing could be divided), on a
 * 0–100% scale (higher when a flow ratio passes 100%), with the reference figures as dashed lines.
 */
export function RateTrend({
  label,
  points,
  references,
}: {
  label: string;
  points: RatePoint[];
  references: { at: number; label: string }[];
}) {
  const top = Math.max(1, ...points.map((p) => p.rate ?? 0));
  const y = (v: number) => H - PAD - (v / top) * (H - 2 * PAD);
  const segments: string[] = [];
  let path = '';
  points.forEach((p, i) => {
    if (p.rate === null) {
      if (path) segments.push(path);
      path = '';
      return;
    }
    path += `${path ? 'L' : 'M'}${xAt(i, points.length).toFixed(1)},${y(p.rate).toFixed(1)}`;
  });
  if (path) segments.push(path);
  return html`<svg
    class="trend-chart"
    viewBox=${`0 0 ${W} ${H}`}
    role="img"
    aria-label=${`${label}: ${points.map((p) => `${dayMonth(p.from)} ${percent(p.rate)}`).join(', ')}`}
  >
    <line class="axis" x1=${PAD} x2=${W - PAD} y1=${y(0)} y2=${y(0)} />
    ${references.map(
      (r) =>
        html`<g key=${r.label} class="trend-ref">
          <line x1=${PAD} x2=${W - PAD} y1=${y(r.at)} y2=${y(r.at)} />
          <text x=${W - PAD} y=${y(r.at) - 3} text-anchor="end">${r.label} ${percent(r.at)}</text>
        </g>`,
    )}
    ${segments.map((d) => html`<path class="trend-line" d=${d} />`)}
    ${points.map((p, i) =>
      p.rate === null
        ? null
        : html`<circle class="trend-dot" cx=${xAt(i, points.length)} cy=${y(p.rate)} r="3"><title>${percent(p.rate)}</title></circle>`,
    )}
    ${points.map(
      (p, i) => html`<text class="trend-tick" x=${xAt(i, points.length)} y=${H - 6} text-anchor="middle">${dayMonth(p.from)}</text>`,
    )}
  </svg>`;
}

/** New MQLs and new SQLs per week or month, side by side. */
export function CountTrend({ points }: { points: { from: number; mql: number; sql: number }[] }) {
  const top = Math.max(1, ...points.flatMap((p) => [p.mql, p.sql]));
  const slot = (W - 2 * PAD) / Math.max(points.length, 1);
  const bar = Math.max(1, slot / 3);
  const h = (v: number) => (v / top) * (H - 2 * PAD);
  return html`<svg
    class="trend-chart"
    viewBox=${`0 0 ${W} ${H}`}
    role="img"
    aria-label=${`New MQLs and SQLs: ${points.map((p) => `${dayMonth(p.from)} ${p.mql} MQL, ${p.sql} SQL`).join('; ')}`}
  >
    <line class="axis" x1=${PAD} x2=${W - PAD} y1=${H - PAD} y2=${H - PAD} />
    ${points.map(
      (p, i) =>
        html`<g key=${p.from}>
          <rect class="stage-fill-mql" x=${PAD + i * slot + slot / 2 - bar} y=${H - PAD - h(p.mql)} width=${bar} height=${h(p.mql)}>
            <title>${p.mql} new MQLs</title>
          </rect>
          <rect class="stage-fill-sql" x=${PAD + i * slot + slot / 2} y=${H - PAD - h(p.sql)} width=${bar} height=${h(p.sql)}>
            <title>${p.sql} new SQLs</title>
          </rect>
          <text class="trend-tick" x=${xAt(i, points.length)} y=${H - 6} text-anchor="middle">${dayMonth(p.from)}</text>
        </g>`,
    )}
  </svg>`;
}
