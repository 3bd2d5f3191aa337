import { html } from 'htm/preact';
import { dateTime, stageLabel } from '../../format.js';
import type { SalesNote } from '../../types.js';

/** What sales wrote with their decisions, newest first. */
export function SalesNotes({ notes }: { notes: SalesNote[] }) {
  if (!notes.length) return null;
  return html`<ol class="notes" aria-label="Sales notes">
    ${notes.map(
      (n, i) =>
        html`<li key=${`${n.at}-${i}`} class="note-entry">
          <span class="muted small"><time>${dateTime(n.at)}</time> · ${n.action === 'reopen' ? 'Reopened' : stageLabel(n.action)}</span>
          <p class="note-text">${n.text}</p>
        </li>`,
    )}
  </ol>`;
}
