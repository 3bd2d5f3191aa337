import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { dateTime } from '../../format.js';
import { useAsync } from '../../hooks.js';
import { OwnerName, useOwners } from '../../components/owner.js';
import type { LeadListItem, Owner, OwnerChange } from '../../types.js';

/** How an owner came to be, in words: the routing rule that matched, the company's owner, the turn, or a person. */
const HOW: { test: RegExp; words: (m: RegExpExecArray) => string }[] = [
  { test: /^rule:(.+)$/, words: (m) => `routing rule "${m[1]}"` },
  { test: /^account$/, words: () => "the company's owner" },
  { test: /^round-robin$/, words: () => 'round-robin' },
  { test: /^manual$/, words: () => 'reassigned' },
];
export function howWords(how: string): string {
  for (const h of HOW) {
    const m = h.test.exec(how);
    if (m) return h.words(m);
  }
  return how;
}

/** Who reassigned by hand: a user by name, the admin token, or an API key. */
function actorWords(actor: string | null, owners: ReadonlyMap<number, Owner>): string | null {
  if (!actor) return null;
  const [kind, id] = actor.split(':');
  if (kind === 'user') return owners.get(Number(id))?.name ?? `user ${id}`;
  if (kind === 'key') return `API key ${id}`;
  return 'the admin token';
}

function OwnerHistory({ history, owners }: { history: OwnerChange[]; owners: ReadonlyMap<number, Owner> }) {
  if (!history.length) return html`<p class="muted small">No owner yet.</p>`;
  return html`<ol class="history owner-history" aria-label="Owner history">
    ${[...history].reverse().map((h, i) => {
      const by = actorWords(h.actor, owners);
      return html`<li key=${`${h.at}-${i}`} class="owner-change">
        <time class="muted small">${dateTime(h.at)}</time>
        <span><${OwnerName} id=${h.fromUserId} owners=${owners} /> → <${OwnerName} id=${h.toUserId} owners=${owners} /></span>
        <span class="small">${howWords(h.how)}${by ? html` by <span class="owner-actor">${by}</span>` : null}</span>
      </li>`;
    })}
  </ol>`;
}

/** The lead's owner, a control to give it to someone else (recorded with who did it), and how it got its owners. */
export function LeadOwner({ lead, onChanged }: { lead: LeadListItem; onChanged: () => void }) {
  const owners = useOwners();
  const history = useAsync(() => api.ownerHistory(lead.id), [lead.id, lead.ownerId]);
  const [error, setError] = useState<string | null>(null);
  const reassign = async (e: Event) => {
    const value = (e.target as HTMLSelectElement).value;
    setError(null);
    try {
      await api.reassign(lead.id, value === '' ? null : Number(value));
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return html`<div class="lead-owner">
    <p class="current-owner">
      Owner: <strong><${OwnerName} id=${lead.ownerId} owners=${owners.byId} /></strong>
    </p>
    <label
      >Give to
      <select
        aria-label="Reassign owner"
        class="reassign"
        value=${lead.ownerId === null || lead.ownerId === undefined ? '' : String(lead.ownerId)}
        onChange=${reassign}
      >
        <option value="">No one</option>
        ${owners.list.map((o) => html`<option value=${String(o.id)}>${o.name} (${o.role})</option>`)}
      </select></label
    >
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${history.data ? html`<${OwnerHistory} history=${history.data.history} owners=${owners.byId} />` : null}
  </div>`;
}
