import { html } from 'htm/preact';
import { count, percent, stageLabel } from '../format.js';
import type { FunnelCounts } from '../types.js';

/** Where open leads stand now, hottest last; sales' decisions shown as a second group. */
export const OPEN_STAGES = ['lead', 'mql', 'near_sql', 'sql'] as const;
export const DECISIONS = ['accepted', 'rejected', 'won', 'lost'] as const;

/** Widths in % of the widest bar, never thinner than a visible sliver. */
export function barWidths(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.max(v > 0 ? 1.5 : 0, (v / max) * 100) : 0));
}

/** Leads per stage and per sales decision as horizontal bars (SVG), one scale for all. */
export function StageBars({ counts }: { counts: FunnelCounts }) {
  const keys = [...OPEN_STAGES, ...DECISIONS];
  const values = keys.map((k) => counts[k] ?? 0);
  const widths = barWidths(values);
  const rowH = 30;
  const gap = 14; // between the stages and the decisions
  const y = (i: number) => i * rowH + (i >= OPEN_STAGES.length ? gap : 0);
  const height = y(keys.length);
  return html`<div class="stage-bars">
    <ol class="stage-bar-labels" style=${`height:${height}px`}>
      ${keys.map((k, i) => html`<li key=${k} style=${`top:${y(i)}px;height:${rowH}px`}>${stageLabel(k)}</li>`)}
    </ol>
    <svg
      class="funnel-chart"
      viewBox=${`0 0 100 ${height}`}
      preserveAspectRatio="none"
      role="img"
      height=${height}
      aria-label=${`Leads per stage: ${keys.map((k, i) => `${stageLabel(k)} ${values[i]}`).join(', ')}`}
    >
      ${keys.map((k, i) => html`<rect key=${k} class=${`funnel-step stage-fill-${k}`} x="0" y=${y(i) + 5} width=${widths[i]} height=${rowH - 10} rx="0.8" />`)}
    </svg>
    <ol class="stage-bar-counts" style=${`height:${height}px`}>
      ${keys.map((k, i) => html`<li key=${k} style=${`top:${y(i)}px;height:${rowH}px`}><strong data-count=${k}>${count(values[i])}</strong></li>`)}
    </ol>
  </div>`;
}

/** Our rate on a 0–100% track, with the reference figures as labelled ticks. */
export function RateBar({ rate, references, label }: { rate: number | null; references: { at: number; label: string }[]; label: string }) {
  const pct = (v: number) => `${Math.min(100, Math.max(0, v * 100))}%`;
  return html`<div
    class="rate-bar"
    role="img"
    aria-label=${`${label}: ${percent(rate)}; ${references.map((r) => `${r.label} ${percent(r.at)}`).join(', ')}`}
  >
    <div class="rate-track">
      ${rate !== null ? html`<div class="rate-fill" style=${`width:${pct(rate)}`}></div>` : null}
      ${references.map(
        (r) => html`<div class="rate-ref" style=${`left:${pct(r.at)}`} key=${r.label}><span>${r.label} ${percent(r.at)}</span></div>`,
      )}
    </div>
  </div>`;
}

/** Open leads of one slice by stage, stacked, scaled to the biggest slice in the table. */
export function SliceBar({ counts, max }: { counts: FunnelCounts; max: number }) {
  const scale = max > 0 ? 100 / max : 0;
  let x = 0;
  return html`<svg
    class="slice-bar"
    viewBox="0 0 100 12"
    preserveAspectRatio="none"
    role="img"
    aria-label=${OPEN_STAGES.map((s) => `${stageLabel(s)} ${counts[s] ?? 0}`).join(', ')}
  >
    <rect class="empty-fill" x="0" y="0" width="100" height="12" />
    ${OPEN_STAGES.map((s) => {
      const w = (counts[s] ?? 0) * scale;
      const rect = html`<rect key=${s} class=${`stage-fill-${s}`} x=${x} y="0" width=${w} height="12" />`;
      x += w;
      return rect;
    })}
  </svg>`;
}

/** Every lead of a slice sits in exactly one open stage. */
export const sliceTotal = (counts: FunnelCounts): number => OPEN_STAGES.reduce((n, s) => n + (counts[s] ?? 0), 0);
