import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { Flame } from '../components/flame.js';

const input = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

/**
 * A user signs in with email and password; the admin token (bootstrapping, automation) still works
 * in the same form. Either is exchanged for an HttpOnly session cookie; the page stores neither.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const byToken = token.trim() !== '';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await (byToken ? api.login(token.trim()) : api.loginAs(email.trim(), password));
      setToken('');
      setPassword('');
      onSignedIn();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401
          ? byToken
            ? 'That is not the admin token.'
            : 'Wrong email or password.'
          : status === 429
            ? 'Too many failed sign-ins. Wait a few minutes.'
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
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" autofocus value=${email} onInput=${input(setEmail)} />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        value=${password}
        onInput=${input(setPassword)}
      />
      <p class="muted small"><a class="forgot-link" href="#/forgot">Forgot password?</a></p>
      <p class="muted small">or, to set Kindling up or for automation:</p>
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="off" value=${token} onInput=${input(setToken)} />
      ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
      <button type="submit" class="primary" disabled=${busy || !(byToken || (email.trim() && password))}>
        ${busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p class="muted small">
        No account yet? Ask an admin for an invite. The collector prints the token (and, before anyone has an account, a setup link) when it
        starts.
      </p>
    </form>
  </main>`;
}
