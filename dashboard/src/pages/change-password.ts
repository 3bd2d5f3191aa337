import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { fieldOf } from '../components/auth-card.js';

/**
 * A signed-in user's password change (POST /api/me/password): the current one, the new one twice.
 * The server checks the current password and the policy, ends the other sessions and keeps this one.
 */
export function ChangePasswordForm() {
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: boolean }>({ busy: false, error: null, done: false });
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const next = fieldOf(form, 'change-new');
    if (next !== fieldOf(form, 'change-again')) return setState({ busy: false, error: 'The two new passwords differ.', done: false });
    setState({ busy: true, error: null, done: false });
    try {
      await api.changePassword(fieldOf(form, 'change-current'), next);
      form.reset();
      setState({ busy: false, error: null, done: true });
    } catch (err) {
      setState({ busy: false, error: (err as Error).message, done: false });
    }
  };
  return html`<form class="card change-password-form" onSubmit=${submit}>
    <h2>Password</h2>
    <label for="change-current">Current password</label>
    <input id="change-current" type="password" autocomplete="current-password" required />
    <label for="change-new">New password (at least 12 characters)</label>
    <input id="change-new" type="password" autocomplete="new-password" minlength="12" required />
    <label for="change-again">The same new password again</label>
    <input id="change-again" type="password" autocomplete="new-password" required />
    ${state.error ? html`<p class="form-error" role="alert">${state.error}</p>` : null}
    ${state.done ? html`<p class="saved" role="status">Password changed. Your other sessions were signed out.</p>` : null}
    <button type="submit" class="primary" disabled=${state.busy}>${state.busy ? 'Changing…' : 'Change password'}</button>
  </form>`;
}
