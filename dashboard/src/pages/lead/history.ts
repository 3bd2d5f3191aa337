import { html } from 'htm/preact';
import { dateTime, points } from '../../format.js';
import type { StageChange } from '../../types.js';
import { StageBadge } from '../../components/badges.js';

export function newestFirst(stages: readonly StageChange[]): StageChange[] {
  return stages
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.at - a.s.at || b.i - a.i)
    .map(({ s }) => s);
}

/** Every stage change and sales decision, newest first, with what caused it and the score at the time. */
export function StageHistory({ stages }: { stages: StageChange[] }) {
  if (!stages.length) return html`<p class="muted">No stage changes yet.</p>`;
  // The API lists the changes in the order they happened (time, then record order); changes of the
  // same moment (identified, then MQL) keep that order when the list is turned newest first.
  const ordered = newestFirst(stages);
  return html`<ol class="history">
    ${ordered.map(
      (s, i) =>
        html`<li key=${`${s.at}-${i}`} class=${`history-${s.kind}`}>
          <time class="muted small">${dateTime(s.at)}</time>
          <span class="history-change">
            ${s.from ? html`<${StageBadge} stage=${s.from} /> →` : null}
            <${StageBadge} stage=${s.to} />
          </span>
          <span class="small">${s.cause}${s.kind === 'stage' ? html` <span class="muted">at score ${points(s.score)}</span>` : null}</span>
        </li>`,
    )}
  </ol>`;
}
