import { html } from 'htm/preact';
import { count, percent, stageLabel } from '../format.js';
import type { FunnelCounts } from '../types.js';

/** The funnel from first identification to a won deal, in order; side exits shown beside it. */
export const FUNNEL_STEPS = ['lead', 'mql', 'near_sql', 'sql', 'accepted', 'won'] as const;
export const FUNNEL_EXITS = ['rejected', 'lost'] as const;

/** Widths in % of the widest step, never thinner than a visible sliver. */
export function barWidths(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max > 0 ? Math.max(v > 0 ? 1.5 : 0, (v / max) * 100) : 0));
}

/** Counts per stage as a centred funnel (SVG): each step's width is its share of the widest. */
export function FunnelChart({ counts }: { counts: FunnelCounts }) {
  const values = FUNNEL_STEPS.map((s) => counts[s] ?? 0);
  const widths = barWidths(values);
  const rowH = 38;
  const height = FUNNEL_STEPS.length * rowH;
  return html`<svg class="funnel-chart" viewBox=${`0 0 100 ${height}`} preserveAspectRatio="none" role="img"
      aria-label=${`Funnel: ${FUNNEL_STEPS.map((s, i) => `${stageLabel(s)} ${values[i]}`).join(', ')}`} height=${height}>
      ${FUNNEL_STEPS.map((s, i) => {
        const w = widths[i]!;
        return html`<rect key=${s} class=${`funnel-step stage-fill-${s}`} x=${(100 - w) / 2} y=${i * rowH + 3} width=${w} height=${rowH - 6} rx="1.2" />`;
      })}
    </svg>
    <ol class="funnel-labels" style=${`height:${height}px`}>
      ${FUNNEL_STEPS.map(
        (s, i) => html`<li key=${s} style=${`height:${rowH}px`}><span>${stageLabel(s)}</span><strong data-count=${s}>${count(values[i])}</strong></li>`,
      )}
    </ol>`;
}

/** Our rate on a 0–100% track, with the reference figures as labelled ticks. */
export function RateBar({ rate, references, label }: { rate: number | null; references: { at: number; label: string }[]; label: string }) {
  const pct = (v: number) => `${Math.min(100, Math.max(0, v * 100))}%`;
  return html`<div class="rate-bar" role="img" aria-label=${`${label}: ${percent(rate)}; ${references.map((r) => `${r.label} ${percent(r.at)}`).join(', ')}`}>
    <div class="rate-track">
      ${rate !== null ? html`<div class="rate-fill" style=${`width:${pct(rate)}`}></div>` : null}
      ${references.map(
        (r) => html`<div class="rate-ref" style=${`left:${pct(r.at)}`} key=${r.label}><span>${r.label} ${percent(r.at)}</span></div>`,
      )}
    </div>
  </div>`;
}

/** How far a slice's leads got: nested bars from the left (leads, then MQL, SQL, won), scaled to the biggest slice. */
export function SliceBar({ counts, max }: { counts: FunnelCounts; max: number }) {
  const steps = ['lead', 'mql', 'sql', 'won'] as const;
  const scale = max > 0 ? 100 / max : 0;
  return html`<svg class="slice-bar" viewBox="0 0 100 12" preserveAspectRatio="none" role="img"
      aria-label=${steps.map((s) => `${stageLabel(s)} ${counts[s] ?? 0}`).join(', ')}>
    <rect class="empty-fill" x="0" y="0" width="100" height="12" />
    ${steps.map((s, i) => html`<rect key=${s} class=${`stage-fill-${s}`} x="0" y=${i * 1.5} width=${(counts[s] ?? 0) * scale} height=${12 - i * 3} />`)}
  </svg>`;
}
