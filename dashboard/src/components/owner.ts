import { html } from 'htm/preact';
import { api } from '../api.js';
import { useAsync } from '../hooks.js';
import type { Owner } from '../types.js';

/** The people leads can be given to (GET /api/owners), by id, for the owner column, filter and reassign control. */
export function useOwners(): { list: Owner[]; byId: ReadonlyMap<number, Owner>; error: Error | null } {
  const owners = useAsync(() => api.owners(), []);
  const list = owners.data?.owners ?? [];
  return { list, byId: new Map(list.map((o) => [o.id, o])), error: owners.error };
}

/** An owner's name (a removed or not yet loaded user shows as "user N"), or a dash when unowned. */
export function OwnerName({ id, owners }: { id: number | null | undefined; owners: ReadonlyMap<number, Owner> }) {
  if (id === null || id === undefined) return html`<span class="muted">—</span>`;
  const owner = owners.get(id);
  return html`<span class="owner-name" data-owner-id=${id} title=${owner?.email ?? ''}>${owner?.name ?? `user ${id}`}</span>`;
}
