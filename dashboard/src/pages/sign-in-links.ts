import { html } from 'htm/preact';
import { api } from '../api.js';
import { AuthCard, fieldOf, newPassword, NewPasswordFields, useLinkSubmit } from '../components/auth-card.js';
import { useAsync } from '../hooks.js';
import type { Route } from '../router.js';

const problem = (error: string | null) => (error ? html`<p class="form-error" role="alert">${error}</p>` : null);

/** The setup link `npm start` prints while Kindling has no user (`/#/setup?token=…`): the first admin's account. */
export function SetupPage({ route, onSignedIn }: { route: Route; onSignedIn: () => void }) {
  const token = route.query.get('token') ?? '';
  const link = useAsync(() => api.checkLink(token, 'setup'), [token]);
  const { error, setError, busy, run } = useLinkSubmit(onSignedIn);
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const password = newPassword(form);
    if (password === null) return setError('The two passwords differ.');
    void run(() => api.setup({ token, email: fieldOf(form, 'setup-email').trim(), name: fieldOf(form, 'setup-name').trim(), password }));
  };
  return html`<${AuthCard} title="Set up Kindling" onSubmit=${submit}>
    ${
      link.error
        ? html`<p class="form-error" role="alert">This setup link is unknown, used or expired. Restart the collector for a new one.</p>`
        : html`<p>You are the first admin. Your account:</p>
            <label for="setup-email">Email</label>
            <input id="setup-email" type="email" autocomplete="username" required maxlength="320" />
            <label for="setup-name">Name</label>
            <input id="setup-name" autocomplete="name" required maxlength="200" />
            <${NewPasswordFields} />
            ${problem(error)}
            <button type="submit" class="primary" disabled=${busy || !link.data}>${busy ? 'Setting up…' : 'Create my account'}</button>`
    }
  </${AuthCard}>`;
}

/**
 * A sign-in link sent by email (`/#/magic?token=…`). It signs in on a click, not on opening: mail
 * scanners open links, and the link works once.
 */
export function MagicPage({ route, onSignedIn }: { route: Route; onSignedIn: () => void }) {
  const token = route.query.get('token') ?? '';
  const { error, busy, run } = useLinkSubmit(onSignedIn);
  const submit = (e: Event) => {
    e.preventDefault();
    void run(() => api.redeemMagicLink(token));
  };
  return html`<${AuthCard} title="Sign in" onSubmit=${submit}>
    <p>Sign in to Kindling with the link from your email.</p>
    ${problem(error)}
    <button type="submit" class="primary" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    <p class="muted small"><a href="#/leads">Sign in with a password instead</a></p>
  </${AuthCard}>`;
}
