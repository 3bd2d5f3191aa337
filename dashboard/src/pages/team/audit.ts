import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useAsync } from '../../hooks.js';
import { dateTime } from '../../format.js';
import { ErrorBox, Loading } from '../../components/states.js';
import type { AuditEntryView } from '../../types.js';

/** Who did what: newest first, filtered by action, more on demand (admin). */
export function AuditSection() {
  const [action, setAction] = useState('');
  const [more, setMore] = useState<{ entries: AuditEntryView[]; cursor: string | null }>({ entries: [], cursor: null });
  const first = useAsync(async () => {
    const page = await api.audit({ action: action || undefined });
    setMore({ entries: [], cursor: page.nextCursor });
    return page;
  }, [action]);
  const loadMore = async () => {
    const page = await api.audit({ action: action || undefined, cursor: more.cursor });
    setMore({ entries: [...more.entries, ...page.entries], cursor: page.nextCursor });
  };
  const entries = [...(first.data?.entries ?? []), ...more.entries];
  return html`<section class="card audit">
    <h2>Audit log</h2>
    <label
      >Action
      <input
        aria-label="Filter by action"
        placeholder="e.g. lead.disposition"
        value=${action}
        onChange=${(e: Event) => setAction((e.target as HTMLInputElement).value.trim())}
    /></label>
    ${
      first.error
        ? html`<${ErrorBox} error=${first.error} retry=${first.reload} />`
        : !first.data
          ? html`<${Loading} />`
          : html`<table class="table">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Who</th>
                    <th>What</th>
                    <th>On</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  ${entries.map(
                    (e) =>
                      html`<tr key=${e.id} data-audit=${e.id}>
                        <td>${dateTime(e.at)}</td>
                        <td class="actor">${e.actor.label}</td>
                        <td class="action">${e.action}</td>
                        <td>${e.target ?? ''}</td>
                        <td class="small">${e.detail ? JSON.stringify(e.detail) : ''}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${more.cursor ? html`<button type="button" class="ghost" onClick=${loadMore}>More</button>` : null}`
    }
  </section>`;
}
