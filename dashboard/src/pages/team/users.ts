import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useAsync } from '../../hooks.js';
import { dateTime } from '../../format.js';
import { ErrorBox, Loading } from '../../components/states.js';
import type { Role, TeamUser } from '../../types.js';

const ROLE_NAMES: Role[] = ['admin', 'marketing', 'sales'];
const value = (e: Event) => (e.target as HTMLInputElement).value;

/** Invite a user; the one-time link shows here once (and is emailed when SMTP is configured). */
function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget as HTMLFormElement;
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    try {
      const { inviteUrl } = await api.invite({ email: field('email'), name: field('name'), role: field('role') as Role });
      setLink(inviteUrl);
      form.reset();
      onInvited();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return html`<form class="invite-form inline-form" onSubmit=${submit}>
    <input aria-label="Email" name="email" type="email" required placeholder="email" />
    <input aria-label="Name" name="name" required placeholder="name" />
    <select aria-label="Role" name="role" value="sales">
      ${ROLE_NAMES.map((r) => html`<option value=${r}>${r}</option>`)}
    </select>
    <button type="submit" class="primary">Invite</button>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${link ? html`<p class="invite-link">One-time link (valid 7 days): <code>${link}</code></p>` : null}
  </form>`;
}

function UserRow({ user, reload }: { user: TeamUser; reload: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const act = (work: () => Promise<unknown>) => () => work().then(reload, (err: Error) => setError(err.message));
  return html`<tr data-user=${user.id}>
    <th scope="row">${user.name}<span class="sub">${user.email}</span></th>
    <td>
      <select
        aria-label="Role"
        value=${user.role}
        onChange=${(e: Event) => act(() => api.changeUser(user.id, { role: value(e) as Role }))()}
      >
        ${ROLE_NAMES.map((r) => html`<option value=${r}>${r}</option>`)}
      </select>
    </td>
    <td>
      <input
        type="checkbox"
        aria-label="Available for round-robin"
        checked=${user.available}
        onChange=${(e: Event) => act(() => api.changeUser(user.id, { available: (e.target as HTMLInputElement).checked }))()}
      />
    </td>
    <td>${user.status}</td>
    <td>${user.lastSignInAt ? dateTime(user.lastSignInAt) : '—'}</td>
    <td>
      <button
        type="button"
        class="ghost danger"
        onClick=${act(() => (confirm(`Remove ${user.email}?`) ? api.removeUser(user.id) : Promise.resolve()))}
      >
        Remove
      </button>
      ${error ? html`<span class="form-error" role="alert">${error}</span>` : null}
    </td>
  </tr>`;
}

/** Users: invite, change role and availability, remove (admin). */
export function UsersSection() {
  const users = useAsync(() => api.users(), []);
  return html`<section class="card users">
    <h2>Users</h2>
    <${InviteForm} onInvited=${users.reload} />
    ${
      users.error
        ? html`<${ErrorBox} error=${users.error} retry=${users.reload} />`
        : !users.data
          ? html`<${Loading} />`
          : html`<table class="table">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Role</th>
                  <th>Available</th>
                  <th>Status</th>
                  <th>Last sign-in</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${users.data.users.map((u) => html`<${UserRow} key=${u.id} user=${u} reload=${users.reload} />`)}
              </tbody>
            </table>`
    }
  </section>`;
}
