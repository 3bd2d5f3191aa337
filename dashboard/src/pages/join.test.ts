// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import { parseHash } from '../router.js';
import { JoinPage } from './join.js';

const type = (el: Element, selector: string, value: string) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (el: Element) => el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
const ROUTE = parseHash('#/join?token=kl_invite_token_1');

afterEach(() => {
  location.hash = '';
});

describe('join page (invite link)', () => {
  it("checks the link, shows whose it is, refuses differing passwords, shows the server's refusal, then signs in", async () => {
    let tries = 0;
    let signedIn = 0;
    const calls = fakeApi({
      'POST /auth/links/check': () => ({ purpose: 'invite', expiresAt: 1, email: 'rita@team.test', name: 'Rita <b>' }),
      'POST /auth/invite/accept': () =>
        ++tries === 1
          ? new Reply(400, { error: { code: 'bad_request', message: 'this password is too common' } })
          : { signedIn: true, expiresAt: 1 },
    });
    const el = await mount(html`<${JoinPage} route=${ROUTE} onSignedIn=${() => signedIn++} />`);
    await waitFor(() => expect(el.querySelector('.join-email')!.textContent).toBe('rita@team.test'));
    expect(el.textContent).toContain('Rita <b>');
    expect(calls[0]!.body).toEqual({ token: 'kl_invite_token_1', purpose: 'invite' });

    type(el, '#new-password', 'correct horse battery');
    type(el, '#new-password-again', 'correct horse battery!');
    submit(el);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toBe('The two passwords differ.'));
    expect(calls.some((c) => c.path === '/auth/invite/accept')).toBe(false);

    type(el, '#new-password-again', 'correct horse battery');
    submit(el);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toBe('this password is too common'));
    expect(signedIn).toBe(0);

    submit(el);
    await waitFor(() => expect(signedIn).toBe(1));
    expect(calls.filter((c) => c.path === '/auth/invite/accept').at(-1)!.body).toEqual({
      token: 'kl_invite_token_1',
      password: 'correct horse battery',
    });
    expect(location.hash).toBe('#/leads');
  });

  it('says so when the link is unknown, used or expired', async () => {
    fakeApi({ 'POST /auth/links/check': () => new Reply(401, { error: { code: 'unauthorized', message: 'this link is unknown' } }) });
    const el = await mount(html`<${JoinPage} route=${ROUTE} onSignedIn=${() => {}} />`);
    await waitFor(() => expect(el.querySelector('[role=alert]')!.textContent).toContain('unknown, used or expired'));
    expect(el.querySelector('#new-password')).toBeNull();
  });
});
