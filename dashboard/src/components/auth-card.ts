import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { navigate } from '../router.js';
import { Flame } from './flame.js';

/** The signed-out pages' card: the brand, a title, and a form. */
export function AuthCard({ title, onSubmit, children }: { title: string; onSubmit: (e: Event) => void; children: unknown }) {
  return html`<main class="signin">
    <form class="card signin-card" onSubmit=${onSubmit} aria-labelledby="auth-title">
      <div class="brand big"><${Flame} />Kindling</div>
      <h1 id="auth-title">${title}</h1>
      ${children}
    </form>
  </main>`;
}

/** A new password, typed twice; the server's policy (length, common passwords) decides the rest. */
export function NewPasswordFields() {
  return html`<label for="new-password">Password (at least 12 characters)</label>
    <input id="new-password" type="password" autocomplete="new-password" minlength="12" required />
    <label for="new-password-again">The same password again</label>
    <input id="new-password-again" type="password" autocomplete="new-password" required />`;
}

/** What a form's fields hold now (a password manager may fill them without input events). */
export const fieldOf = (form: HTMLFormElement, id: string): string =>
  (form.querySelector(`#${id}`) as HTMLInputElement | null)?.value ?? '';

/** The new password, or null when the two differ. */
export function newPassword(form: HTMLFormElement): string | null {
  const password = fieldOf(form, 'new-password');
  return password === fieldOf(form, 'new-password-again') ? password : null;
}

/** Signs in from a one-time link's page, then shows the hot leads. */
export function useLinkSubmit(onSignedIn: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      navigate('#/leads', { replace: true });
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}
