import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { dateTime, points, signedPoints } from '../../format.js';
import type { Reason, RuleBreakdown } from '../../types.js';

/** Points a rule lost to time: what it earned after its cap, minus what still counts. */
export function decayOf(rule: RuleBreakdown): number {
  return rule.kind === 'fit' ? 0 : rule.pointsRaw - rule.cappedBy - rule.pointsDecayed;
}

/** Scrolls to an event in the timeline (hash routing owns `#`, so no anchors). */
function showEvent(seq: number) {
  const el = document.getElementById(`event-${seq}`);
  if (!el) return;
  el.scrollIntoView({ behavior: 'smooth', block: 'center' });
  el.classList.add('flash');
  setTimeout(() => el.classList.remove('flash'), 2000);
}

function RuleRow({ rule }: { rule: RuleBreakdown }) {
  const [open, setOpen] = useState(false);
  const decay = decayOf(rule);
  return html`
    <tr class=${`rule-row${rule.pointsDecayed < 0 ? ' negative' : ''}`} data-rule=${rule.ruleId}>
      <td data-label="Rule">
        <button type="button" class="disclose" aria-expanded=${open} onClick=${() => setOpen(!open)} disabled=${!rule.events.length}>
          <span aria-hidden="true">${open ? '▾' : '▸'}</span> ${rule.label}
        </button>
      </td>
      <td class="num" data-label="Events">
        ${rule.kind === 'fit' ? html`<span class="muted" title="from traits, not events">—</span>` : rule.events.length}
      </td>
      <td class="num" data-label="Points">${signedPoints(rule.pointsRaw)}</td>
      <td class="num" data-label="Cap">${rule.cappedBy ? `−${points(rule.cappedBy)}` : html`<span class="muted">—</span>`}</td>
      <td class="num" data-label="Decay">${decay > 0.05 || decay < -0.05 ? `−${points(decay)}` : html`<span class="muted">—</span>`}</td>
      <td class="num strong" data-label="Counts now">${signedPoints(rule.pointsDecayed)}</td>
    </tr>
    ${
      open
        ? html`<tr class="rule-events">
            <td colspan="6">
              <table class="table inner">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Page</th>
                    <th class="num" scope="col">Points</th>
                    <th class="num" scope="col">Now</th>
                  </tr>
                </thead>
                <tbody>
                  ${rule.events.map(
                    (e) =>
                      html`<tr key=${e.seq}>
                        <td><button type="button" class="link" onClick=${() => showEvent(e.seq)}>${dateTime(e.ts)}</button></td>
                        <td>${e.type}</td>
                        <td>${e.path ?? html`<span class="muted">—</span>`}</td>
                        <td class="num">${signedPoints(e.points)}</td>
                        <td class="num">${signedPoints(e.decayed)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </td>
          </tr>`
        : null
    }
  `;
}

function RuleTable({ title, rules, total, note }: { title: string; rules: RuleBreakdown[]; total: number; note: string }) {
  return html`<div class="breakdown-group">
    <h3>${title} <span class="muted small">${note}</span></h3>
    ${
      rules.length
        ? html`<table class="table breakdown responsive">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th class="num" scope="col">Events</th>
                <th class="num" scope="col">Points</th>
                <th class="num" scope="col">Cap</th>
                <th class="num" scope="col">Decay</th>
                <th class="num" scope="col">Counts now</th>
              </tr>
            </thead>
            <tbody>
              ${rules.map((r) => html`<${RuleRow} key=${r.ruleId} rule=${r} />`)}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan="5">${title} total</th>
                <td class="num strong">${points(total)}</td>
              </tr>
            </tfoot>
          </table>`
        : html`<p class="muted">No ${title.toLowerCase()} rules apply.</p>`
    }
  </div>`;
}

/** "Why this score": every rule with its points before caps and decay, what caps and time took, and the events. */
export function Breakdown({
  breakdown,
  engagement,
  fit,
  reasons,
}: {
  breakdown: RuleBreakdown[];
  engagement: number;
  fit: number;
  reasons: Reason[];
}) {
  const byImpact = (a: RuleBreakdown, b: RuleBreakdown) => Math.abs(b.pointsDecayed) - Math.abs(a.pointsDecayed);
  const engagementRules = breakdown.filter((r) => r.kind === 'engagement').sort(byImpact);
  const fitRules = breakdown.filter((r) => r.kind === 'fit').sort(byImpact);
  return html`<div class="breakdown-wrap">
    ${
      reasons.length
        ? html`<ul class="reasons">
            ${reasons.map((r) => html`<li key=${r.ruleId}><span class="reason-points">${signedPoints(r.points)}</span> ${r.text}</li>`)}
          </ul>`
        : null
    }
    <${RuleTable} title="Engagement" rules=${engagementRules} total=${engagement} note="decays over time" />
    <${RuleTable} title="Fit" rules=${fitRules} total=${fit} note="does not decay" />
  </div>`;
}
