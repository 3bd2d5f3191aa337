import { html } from 'htm/preact';
import { dateTime, points, relativeTime } from '../format.js';
import { navigate } from '../router.js';
import { overdueMs } from '../sla.js';
import type { LeadListItem, Owner } from '../types.js';
import { FitGradeBadge, LeadStage, OverdueMark } from './badges.js';
import { OwnerName } from './owner.js';

export interface LeadTableProps {
  leads: LeadListItem[];
  now: number;
  slaHours: number;
  /** Leads that changed a moment ago, highlighted once. */
  flashed?: ReadonlySet<number>;
  /** Given: an Owner column with these people's names (the home list; a company's people leave it out). */
  owners?: ReadonlyMap<number, Owner>;
}

type RowProps = Omit<LeadTableProps, 'leads' | 'flashed'> & { lead: LeadListItem; flash: boolean };

function LeadRow({ lead, now, slaHours, flash, owners }: RowProps) {
  const late = overdueMs(lead, now, slaHours);
  const open = (e: MouseEvent) => {
    // The name is a real link; the rest of the row is a convenience for the mouse.
    if ((e.target as HTMLElement).closest('a, button')) return;
    navigate(`#/leads/${lead.id}`);
  };
  return html`<tr class=${`lead-row${flash ? ' flash' : ''}${late !== null ? ' is-overdue' : ''}`} data-lead-id=${lead.id} onClick=${open}>
    <td class="num score-cell" data-label="Score">
      <strong class="score">${points(lead.score)}</strong>
      <span class="sub" title="engagement · fit">${points(lead.engagement)} · ${points(lead.fit)}</span>
    </td>
    <td class="who" data-label="Lead">
      <a class="lead-name" href=${`#/leads/${lead.id}`}>${lead.name || lead.email}</a>
      <span class="sub">${lead.name ? lead.email : ''}${lead.name && lead.title ? ' · ' : ''}${lead.title ?? ''}</span>
    </td>
    <td class="company" data-label="Company">${lead.company ?? html`<span class="muted">—</span>`}</td>
    <td class="stage" data-label="Stage">
      <${LeadStage} stage=${lead.stage} disposition=${lead.disposition} />
      ${late !== null ? html`<${OverdueMark} lateMs=${late} slaHours=${slaHours} />` : null}
    </td>
    <td class="center fit" data-label="Fit"><${FitGradeBadge} grade=${lead.fitGrade} /></td>
    ${owners ? html`<td class="owner" data-label="Owner"><${OwnerName} id=${lead.ownerId} owners=${owners} /></td>` : null}
    <td class="reason" data-label="Why">${lead.topReason ?? html`<span class="muted">—</span>`}</td>
    <td class="nowrap seen" data-label="Last seen" title=${dateTime(lead.lastSeenAt)}>${relativeTime(lead.lastSeenAt, now)}</td>
  </tr>`;
}

/** The ranked lead list; at phone width each row becomes a card (see style.css). */
export function LeadTable({ leads, now, slaHours, flashed, owners }: LeadTableProps) {
  return html`<table class="table leads-table responsive">
    <thead>
      <tr>
        <th class="num" scope="col">Score</th>
        <th scope="col">Lead</th>
        <th scope="col">Company</th>
        <th scope="col">Stage</th>
        <th class="center" scope="col">Fit</th>
        ${owners ? html`<th scope="col">Owner</th>` : null}
        <th scope="col">Why</th>
        <th scope="col">Last seen</th>
      </tr>
    </thead>
    <tbody>
      ${leads.map(
        (lead) =>
          html`<${LeadRow}
            key=${lead.id}
            lead=${lead}
            now=${now}
            slaHours=${slaHours}
            flash=${flashed?.has(lead.id) ?? false}
            owners=${owners}
          />`,
      )}
    </tbody>
  </table>`;
}
