import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useAsync } from '../../hooks.js';
import { dateTime } from '../../format.js';
import { ErrorBox, Loading } from '../../components/states.js';
import type { Scope } from '../../types.js';

const SCOPES: Scope[] = ['leads:read', 'outcomes:write', 'ingest', 'admin'];

/** API keys: create (the key shows once), see last use, revoke (admin). */
export function KeysSection() {
  const keys = useAsync(() => api.keys(), []);
  const [scopes, setScopes] = useState<Scope[]>(['leads:read']);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const form = e.currentTarget as HTMLFormElement;
      const keyName = (form.elements.namedItem('name') as HTMLInputElement).value.trim();
      setSecret((await api.createKey(keyName, scopes)).secret);
      form.reset();
      keys.reload();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const toggle = (s: Scope) => setScopes(scopes.includes(s) ? scopes.filter((x) => x !== s) : [...scopes, s]);
  return html`<section class="card keys">
    <h2>API keys</h2>
    <form class="inline-form key-form" onSubmit=${create}>
      <input aria-label="Key name" name="name" required placeholder="name, e.g. CRM" />
      ${SCOPES.map((s) => html`<label class="check"><input type="checkbox" checked=${scopes.includes(s)} onChange=${() => toggle(s)} /> ${s}</label>`)}
      <button type="submit" class="primary" disabled=${!scopes.length}>Create key</button>
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${secret ? html`<p class="new-key">Copy it now, it is shown only once: <code>${secret}</code></p>` : null}
    ${
      keys.error
        ? html`<${ErrorBox} error=${keys.error} retry=${keys.reload} />`
        : !keys.data
          ? html`<${Loading} />`
          : html`<table class="table">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Scopes</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${keys.data.keys.map(
                  (k) =>
                    html`<tr key=${k.id} data-key=${k.id} class=${k.revokedAt ? 'muted' : ''}>
                      <th scope="row">
                        ${k.name}<span class="sub"><code>${k.prefix}…</code></span>
                      </th>
                      <td>${k.scopes.join(', ')}</td>
                      <td>${dateTime(k.createdAt)}</td>
                      <td>${k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</td>
                      <td>
                        ${
                          k.revokedAt
                            ? `revoked ${dateTime(k.revokedAt)}`
                            : html`<button type="button" class="ghost danger" onClick=${() => api.revokeKey(k.id).then(keys.reload)}>
                                Revoke
                              </button>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
