import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Flame } from '../components/flame.js';
import { useAsync } from '../hooks.js';
import { navigate, type Route } from '../router.js';

/**
 * The invite link's page (`/#/join?token=…`): the invited person sets a password and is signed in.
 * Opening the page only checks the link; the token is used by the POST (mail scanners open links).
 */
export function JoinPage({ route, onSignedIn }: { route: Route; onSignedIn: () => void }) {
  const token = route.query.get('token') ?? '';
  const link = useAsync(() => api.checkLink(token, 'invite'), [token]);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    // What the fields hold now (a password manager may fill them without input events).
    const form = e.currentTarget as HTMLFormElement;
    const field = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value;
    const password = field('new-password');
    if (password !== field('new-password-again')) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      await api.acceptInvite(token, password);
      navigate('#/leads', { replace: true });
      onSignedIn();
    } catch (err) {
      // The server says why (too short, too common, the link used or expired).
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const body = link.error
    ? html`<p class="form-error" role="alert">This invite link is unknown, used or expired. Ask an admin for a new one.</p>`
    : !link.data
      ? html`<p class="muted">Checking the link…</p>`
      : html`<p>
            Welcome${link.data.name ? html`, <strong>${link.data.name}</strong>` : null}. Choose a password for
            <strong class="join-email">${link.data.email}</strong>.
          </p>
          <input type="hidden" name="username" autocomplete="username" value=${link.data.email ?? ''} />
          <label for="new-password">Password (at least 12 characters)</label>
          <input
            id="new-password"
            type="password"
            autocomplete="new-password"
            minlength="12"
            required
            value=${password}
            onInput=${(e: Event) => setPassword((e.target as HTMLInputElement).value)}
          />
          <label for="new-password-again">The same password again</label>
          <input
            id="new-password-again"
            type="password"
            autocomplete="new-password"
            required
            value=${again}
            onInput=${(e: Event) => setAgain((e.target as HTMLInputElement).value)}
          />
          ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
          <button type="submit" class="primary" disabled=${busy || !password || !again}>${busy ? 'Joining…' : 'Join the team'}</button>`;

  return html`<main class="signin">
    <form class="card signin-card join-card" onSubmit=${submit} aria-labelledby="join-title">
      <div class="brand big"><${Flame} />Kindling</div>
      <h1 id="join-title">Join your team</h1>
      ${body}
    </form>
  </main>`;
}
