import { html } from 'htm/preact';
import { dateTime, relativeTime } from '../../format.js';
import type { LeadDetail, TraitValue } from '../../types.js';

type Traits = LeadDetail['lead']['traits'];

/** The four qualification answers, found among the traits by name (`budget`, `bant_budget`, `bant.budget`…). */
export const BANT = [
  { label: 'Budget', match: /^(bant[_.-]?)?budget/i },
  { label: 'Authority', match: /^(bant[_.-]?)?authority/i },
  { label: 'Need', match: /^(bant[_.-]?)?need/i },
  { label: 'Timeline', match: /^(bant[_.-]?)?(timeline|timeframe)/i },
] as const;

export function bantAnswers(traits: Traits): { label: string; key: string | null; value: TraitValue; setAt: number | null }[] {
  return BANT.map(({ label, match }) => {
    const key = Object.keys(traits).find((k) => match.test(k)) ?? null;
    const trait = key ? traits[key] : undefined;
    return { label, key, value: trait?.value ?? null, setAt: trait?.setAt ?? null };
  });
}

export function traitText(value: TraitValue): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Who this is: BANT answers first, then every trait with when it was set, then their browsers. */
export function Identity({ lead, now }: { lead: LeadDetail['lead']; now: number }) {
  const bant = bantAnswers(lead.traits);
  const bantKeys = new Set(bant.map((b) => b.key));
  const others = Object.entries(lead.traits)
    .filter(([k]) => !bantKeys.has(k))
    .sort(([a], [b]) => a.localeCompare(b));
  return html`<div class="identity">
    <h3>BANT</h3>
    <dl class="bant">
      ${bant.map(
        (b) =>
          html`<div class=${b.value === null ? 'missing' : 'known'} title=${b.setAt ? `set ${dateTime(b.setAt)}` : 'not answered'}>
            <dt>${b.label}</dt>
            <dd>${traitText(b.value)}</dd>
          </div>`,
      )}
    </dl>
    <h3>Traits</h3>
    ${
      others.length
        ? html`<table class="table traits">
            <tbody>
              ${others.map(
                ([k, t]) =>
                  html`<tr key=${k}>
                    <th scope="row">${k}</th>
                    <td>${traitText(t.value)}${t.source === 'stated' ? null : html` <span class="muted small">from ${t.source}</span>`}</td>
                    <td class="muted small nowrap" title=${dateTime(t.setAt)}>${relativeTime(t.setAt, now)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">No other traits.</p>`
    }
    <h3>Browsers</h3>
    <ul class="visitors">
      ${lead.visitors.map(
        (v) =>
          html`<li key=${`${v.site}:${v.id}`}>
            <code>${v.id.slice(0, 13)}…</code> on <strong>${v.site}</strong>
            <span class="muted small"> linked ${dateTime(v.linkedAt)} by event #${v.evidenceSeq}</span>
          </li>`,
      )}
    </ul>
    <p class="muted small">First seen ${dateTime(lead.firstSeenAt)} · last seen ${dateTime(lead.lastSeenAt)}</p>
  </div>`;
}
