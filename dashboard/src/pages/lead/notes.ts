import { html } from 'htm/preact';
import { dateTime, stageLabel } from '../../format.js';
import type { SalesNote } from '../../types.js';

const noteWhat = (n: SalesNote) => (n.action === 'reopen' ? 'Reopened' : stageLabel(n.action));
const authorOf = (n: SalesNote) => (n.author ? html` · by <span class="note-author">${n.author}</span>` : null);

/** What sales wrote with their decisions, newest first, with who wrote it. */
export function SalesNotes({ notes }: { notes: SalesNote[] }) {
  if (!notes.length) return null;
  return html`<ol class="notes" aria-label="Sales notes">
    ${notes.map(
      (n, i) =>
        html`<li key=${`${n.at}-${i}`} class="note-entry">
          <span class="muted small"><time>${dateTime(n.at)}</time> · ${noteWhat(n)}${authorOf(n)}</span>
          <p class="note-text">${n.text}</p>
        </li>`,
    )}
  </ol>`;
}
