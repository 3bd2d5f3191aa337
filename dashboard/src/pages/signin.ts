import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { Flame } from '../components/flame.js';

/** The admin token is exchanged for an HttpOnly session cookie; the page never stores the token. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.login(token.trim());
      setToken('');
      onSignedIn();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401
          ? 'That is not the admin token.'
          : status === 429
            ? 'Too many wrong tokens. Wait a few minutes.'
            : (err as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return html`<main class="signin">
    <form class="card signin-card" onSubmit=${submit} aria-labelledby="signin-title">
      <div class="brand big"><${Flame} />Kindling</div>
      <h1 id="signin-title">Sign in</h1>
      <input type="text" name="username" autocomplete="username" value="admin" hidden readonly />
      <label for="token">Admin token</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="current-password"
        required
        autofocus
        value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
      <button type="submit" class="primary" disabled=${busy || !token.trim()}>${busy ? 'Signing in…' : 'Sign in'}</button>
      <p class="muted small">The collector prints the token when it starts; set <code>KINDLING_ADMIN_TOKEN</code> to choose your own.</p>
    </form>
  </main>`;
}
