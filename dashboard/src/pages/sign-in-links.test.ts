// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import { parseHash } from '../router.js';
import { MagicPage, SetupPage } from './sign-in-links.js';

const type = (el: Element, selector: string, value: string) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (el: Element) => el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

afterEach(() => {
  location.hash = '';
});

describe('setup page (the first admin)', () => {
  it('creates the first admin from the typed fields and signs in; shows the server refusal', async () => {
    let tries = 0;
    let signedIn = 0;
    const calls = fakeApi({
      'POST /auth/links/check': () => ({ purpose: 'setup', expiresAt: 1, email: null, name: null }),
      'POST /auth/setup': () =>
        ++tries === 1
          ? new Reply(400, { error: { code: 'bad_request', message: 'the password is too short' } })
          : { signedIn: true, expiresAt: 1 },
    });
    const el = await mount(html`<${SetupPage} route=${parseHash('#/setup?token=kl_setup_token_1')} onSignedIn=${() => signedIn++} />`);
    await waitFor(() => expect((el.querySelector('button[type=submit]') as HTMLButtonElement).disabled).toBe(false));
    expect(calls[0]!.body).toEqual({ token: 'kl_setup_token_1', purpose: 'setup' });
    type(el, '#setup-email', ' ada@team.test ');
    type(el, '#setup-name', 'Ada');
    type(el, '#new-password', 'short');
    type(el, '#new-password-again', 'short');
    submit(el);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toBe('the password is too short'));
    type(el, '#new-password', 'Velvet tractor 19 pianos');
    type(el, '#new-password-again', 'Velvet tractor 19 pianos');
    submit(el);
    await waitFor(() => expect(signedIn).toBe(1));
    expect(calls.filter((c) => c.path === '/auth/setup').at(-1)!.body).toEqual({
      token: 'kl_setup_token_1',
      email: 'ada@team.test',
      name: 'Ada',
      password: 'Velvet tractor 19 pianos',
    });
    expect(location.hash).toBe('#/leads');
  });

  it('says so when the setup link is used or expired', async () => {
    fakeApi({ 'POST /auth/links/check': () => new Reply(401, { error: { code: 'unauthorized', message: 'no' } }) });
    const el = await mount(html`<${SetupPage} route=${parseHash('#/setup?token=kl_old')} onSignedIn=${() => {}} />`);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toContain('unknown, used or expired'));
    expect(el.querySelector('#setup-email')).toBeNull();
  });
});

describe('magic link page', () => {
  it('signs in on the click, not on opening; a used link says why', async () => {
    let tries = 0;
    let signedIn = 0;
    const calls = fakeApi({
      'POST /auth/magic/redeem': () =>
        ++tries === 1
          ? new Reply(401, { error: { code: 'unauthorized', message: 'this link is unknown, used or expired: ask for a new one' } })
          : { signedIn: true, expiresAt: 1 },
    });
    const el = await mount(html`<${MagicPage} route=${parseHash('#/magic?token=kl_magic_1')} onSignedIn=${() => signedIn++} />`);
    await waitFor(() => expect(el.querySelector('button[type=submit]')).not.toBeNull());
    expect(calls).toEqual([]);
    submit(el);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toContain('used or expired'));
    submit(el);
    await waitFor(() => expect(signedIn).toBe(1));
    expect(calls.at(-1)!.body).toEqual({ token: 'kl_magic_1' });
  });
});
