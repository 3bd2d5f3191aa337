import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import type { Disposition, DispositionAction, LeadListItem } from '../../types.js';
import { useMe } from '../../me-context.js';

/** Sales' buttons, as data: what each does and when it makes sense. */
export const DISPOSITION_ACTIONS: { action: DispositionAction; label: string; tone: string; allowedFrom: (Disposition | null)[] }[] = [
  { action: 'accepted', label: 'Accept', tone: 'good', allowedFrom: [null] },
  { action: 'rejected', label: 'Reject', tone: 'bad', allowedFrom: [null, 'accepted'] },
  { action: 'won', label: 'Won', tone: 'good', allowedFrom: [null, 'accepted'] },
  { action: 'lost', label: 'Lost', tone: 'bad', allowedFrom: [null, 'accepted'] },
  { action: 'reopen', label: 'Reopen', tone: 'neutral', allowedFrom: ['accepted', 'rejected', 'won', 'lost'] },
];

export function Dispositions({ lead, onChanged }: { lead: LeadListItem; onChanged: (lead: LeadListItem) => void }) {
  const [busy, setBusy] = useState<DispositionAction | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const act = async (action: DispositionAction) => {
    setBusy(action);
    setError(null);
    try {
      const { lead: next } = await api.disposition(lead.id, action, note.trim() || undefined);
      setNote('');
      onChanged(next);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return html`<div class="dispositions">
    <div class="button-row" role="group" aria-label="Sales decision">
      ${DISPOSITION_ACTIONS.map(
        (a) =>
          html`<button
            type="button"
            class=${`tone-${a.tone}`}
            data-action=${a.action}
            aria-pressed=${lead.disposition === a.action}
            disabled=${busy !== null || !a.allowedFrom.includes(lead.disposition)}
            onClick=${() => act(a.action)}
          >
            ${busy === a.action ? '…' : a.label}
          </button>`,
      )}
    </div>
    <input
      type="text"
      class="note"
      placeholder="Note for the record (optional)"
      aria-label="Note"
      maxlength="500"
      value=${note}
      onInput=${(e: Event) => setNote((e.target as HTMLInputElement).value)}
    />
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
  </div>`;
}

/** GDPR erasure: irreversible, so the email must be typed to confirm. */
export function EraseLead({ lead, onErased }: { lead: LeadListItem; onErased: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const erase = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.erase(lead.id);
      onErased();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  if (!open) return html`<button type="button" class="danger-outline" onClick=${() => setOpen(true)}>Erase this person…</button>`;
  return html`<form class="erase-confirm" onSubmit=${erase} role="alertdialog" aria-labelledby="erase-title">
    <p id="erase-title">
      <strong>Erase ${lead.email}?</strong> Their events, traits, scores and history are deleted for good. This cannot be undone.
    </p>
    <label for="erase-email">Type the email to confirm</label>
    <input
      id="erase-email"
      type="text"
      autocomplete="off"
      value=${typed}
      onInput=${(e: Event) => setTyped((e.target as HTMLInputElement).value)}
    />
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    <div class="button-row">
      <button type="submit" class="danger" disabled=${busy || typed.trim().toLowerCase() !== lead.email.toLowerCase()}>
        ${busy ? 'Erasing…' : 'Erase for good'}
      </button>
      <button
        type="button"
        onClick=${() => {
          setOpen(false);
          setTyped('');
        }}
      >
        Cancel
      </button>
    </div>
  </form>`;
}

/**
 * The erase card: erasure is the admin's alone (collector/api/access.ts), so other roles are not shown a
 * control the server would refuse. No user means the admin token, which may erase.
 */
export function EraseZone({ lead, onErased }: { lead: LeadListItem; onErased: () => void }) {
  const me = useMe();
  if (me !== null && me.role !== 'admin') return null;
  return html`<div class="card danger-zone">
    <h2>Erase</h2>
    <${EraseLead} lead=${lead} onErased=${onErased} />
  </div>`;
}
