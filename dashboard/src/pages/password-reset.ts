import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { AuthCard, fieldOf, newPassword, NewPasswordFields, useLinkSubmit } from '../components/auth-card.js';
import type { Route } from '../router.js';

const problem = (error: string | null) => (error ? html`<p class="form-error" role="alert">${error}</p>` : null);

/**
 * "Forgot password?" (`/#/forgot`): asks for a reset link by email. The page says the same whether
 * or not the address has an account (so does the server); only its refusals (no email set up,
 * too many tries) are shown as they are.
 */
export function ForgotPage() {
  const [state, setState] = useState<{ busy: boolean; error: string | null; sent: boolean }>({ busy: false, error: null, sent: false });
  const submit = async (e: Event) => {
    e.preventDefault();
    const email = fieldOf(e.currentTarget as HTMLFormElement, 'forgot-email').trim();
    setState({ busy: true, error: null, sent: false });
    try {
      await api.forgotPassword(email);
      setState({ busy: false, error: null, sent: true });
    } catch (err) {
      setState({ busy: false, error: (err as Error).message, sent: false });
    }
  };
  return html`<${AuthCard} title="Forgot password" onSubmit=${submit}>
    <p>Type your email: if it has an account, Kindling sends it a link to choose a new password.</p>
    <label for="forgot-email">Email</label>
    <input id="forgot-email" type="email" autocomplete="username" required maxlength="320" />
    ${problem(state.error)}
    ${
      state.sent
        ? html`<p class="saved" role="status">
            If this address has an account, a reset link is on its way. It works once, for 15 minutes.
          </p>`
        : null
    }
    <button type="submit" class="primary" disabled=${state.busy}>${state.busy ? 'Sending…' : 'Send me a reset link'}</button>
    <p class="muted small"><a href="#/leads">Back to sign in</a></p>
  </${AuthCard}>`;
}

/**
 * The reset link's page (`/#/reset?token=…`, from the email): a new password, typed twice, then
 * signed in. Opening the page uses nothing; the POST does (mail scanners open links).
 */
export function ResetPage({ route, onSignedIn }: { route: Route; onSignedIn: () => void }) {
  const token = route.query.get('token') ?? '';
  const { error, setError, busy, run } = useLinkSubmit(onSignedIn);
  const submit = (e: Event) => {
    e.preventDefault();
    const password = newPassword(e.currentTarget as HTMLFormElement);
    // The server says what else is wrong (too short, too common, the link used or expired).
    if (password === null) return setError('The two passwords differ.');
    void run(() => api.resetPassword(token, password));
  };
  return html`<${AuthCard} title="Choose a new password" onSubmit=${submit}>
    <p>Your other sessions end when the new password is set.</p>
    <${NewPasswordFields} />
    ${problem(error)}
    <button type="submit" class="primary" disabled=${busy}>${busy ? 'Saving…' : 'Set the password and sign in'}</button>
    <p class="muted small"><a href="#/forgot">Ask for a new link</a></p>
  </${AuthCard}>`;
}
