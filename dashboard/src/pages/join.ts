import { html } from 'htm/preact';
import { api } from '../api.js';
import { AuthCard, newPassword, NewPasswordFields, useLinkSubmit } from '../components/auth-card.js';
import { useAsync } from '../hooks.js';
import type { Route } from '../router.js';

/**
 * The invite link's page (`/#/join?token=…`): the invited person sets a password and is signed in.
 * Opening the page only checks the link; the token is used by the POST (mail scanners open links).
 */
export function JoinPage({ route, onSignedIn }: { route: Route; onSignedIn: () => void }) {
  const token = route.query.get('token') ?? '';
  const link = useAsync(() => api.checkLink(token, 'invite'), [token]);
  const { error, setError, busy, run } = useLinkSubmit(onSignedIn);
  const submit = (e: Event) => {
    e.preventDefault();
    const password = newPassword(e.currentTarget as HTMLFormElement);
    // The server says what else is wrong (too short, too common, the link used or expired).
    if (password === null) return setError('The two passwords differ.');
    void run(() => api.acceptInvite(token, password));
  };

  return html`<${AuthCard} title="Join your team" onSubmit=${submit}>
    ${
      link.error
        ? html`<p class="form-error" role="alert">This invite link is unknown, used or expired. Ask an admin for a new one.</p>`
        : !link.data
          ? html`<p class="muted">Checking the link…</p>`
          : html`<p>
                Welcome${link.data.name ? html`, <strong>${link.data.name}</strong>` : null}. Choose a password for
                <strong class="join-email">${link.data.email}</strong>.
              </p>
              <input type="hidden" name="username" autocomplete="username" value=${link.data.email ?? ''} />
              <${NewPasswordFields} />
              ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
              <button type="submit" class="primary" disabled=${busy}>${busy ? 'Joining…' : 'Join the team'}</button>`
    }
  </${AuthCard}>`;
}
