// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import { MeContext } from '../me-context.js';
import { parseHash } from '../router.js';
import type { MyAlerts, TeamUser } from '../types.js';
import { MyAlertsPage } from './my-alerts.js';
import { ForgotPage, ResetPage } from './password-reset.js';
import { SignIn } from './signin.js';

const type = (el: Element, selector: string, value: string) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (form: Element) => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
const alertText = (el: Element) => el.querySelector('[role=alert]')?.textContent ?? null;

afterEach(() => {
  location.hash = '';
});

describe('forgot password', () => {
  it('is linked from the sign-in form', async () => {
    const el = await mount(html`<${SignIn} onSignedIn=${() => {}} />`);
    expect(el.querySelector('a.forgot-link')!.getAttribute('href')).toBe('#/forgot');
    expect(parseHash('#/forgot').page).toBe('forgot');
  });

  it("asks for a link and says the same thing whatever the answer; shows the server's refusal", async () => {
    let tries = 0;
    const calls = fakeApi({
      'POST /auth/password/forgot': () =>
        ++tries === 1
          ? new Reply(409, { error: { code: 'conflict', message: 'a password reset by email needs an "smtp" block <b>' } })
          : new Reply(202, { sent: true }),
    });
    const el = await mount(html`<${ForgotPage} />`);
    type(el, '#forgot-email', ' rita@team.test ');
    submit(el.querySelector('form')!);
    await waitFor(() => expect(alertText(el)).toBe('a password reset by email needs an "smtp" block <b>'));
    expect(el.querySelector('[role=status]')).toBeNull();
    submit(el.querySelector('form')!);
    await waitFor(() => expect(el.querySelector('[role=status]')!.textContent).toContain('If this address has an account'));
    expect(alertText(el)).toBeNull();
    expect(calls.map((c) => c.body)).toEqual([{ email: 'rita@team.test' }, { email: 'rita@team.test' }]);
  });
});

describe('reset page (the emailed link)', () => {
  it('refuses differing passwords, shows the server refusal, then sets the password and signs in', async () => {
    let tries = 0;
    let signedIn = 0;
    const calls = fakeApi({
      'POST /auth/password/reset': () =>
        ++tries === 1
          ? new Reply(401, { error: { code: 'unauthorized', message: 'this link is unknown, used or expired: ask for a new one' } })
          : { signedIn: true, expiresAt: 1 },
    });
    const el = await mount(html`<${ResetPage} route=${parseHash('#/reset?token=kl_reset_token_1')} onSignedIn=${() => signedIn++} />`);
    expect(calls).toEqual([]);
    type(el, '#new-password', 'Velvet tractor 19 pianos');
    type(el, '#new-password-again', 'Velvet tractor 19 pianoz');
    submit(el.querySelector('form')!);
    await waitFor(() => expect(alertText(el)).toBe('The two passwords differ.'));
    expect(calls).toEqual([]);
    type(el, '#new-password-again', 'Velvet tractor 19 pianos');
    submit(el.querySelector('form')!);
    await waitFor(() => expect(alertText(el)).toContain('used or expired'));
    expect(signedIn).toBe(0);
    submit(el.querySelector('form')!);
    await waitFor(() => expect(signedIn).toBe(1));
    expect(calls.at(-1)!.body).toEqual({ token: 'kl_reset_token_1', password: 'Velvet tractor 19 pianos' });
    expect(location.hash).toBe('#/leads');
  });
});

describe('change password (My alerts page)', () => {
  const ALERTS: MyAlerts = {
    email: false,
    emailAddress: null,
    slackWebhookUrl: null,
    events: [],
    digest: false,
    emailConfigured: true,
    disabled: [],
  };
  const RITA: TeamUser = {
    id: 2,
    email: 'rita@team.test',
    name: 'Rita',
    role: 'sales',
    available: true,
    status: 'active',
    createdAt: 1,
    lastSignInAt: null,
  };
  const mountAs = (me: TeamUser | null) => mount(html`<${MeContext.Provider} value=${me}><${MyAlertsPage} /></${MeContext.Provider}>`);

  it("sends the current and new password, shows the server's refusal, then confirms", async () => {
    let tries = 0;
    const calls = fakeApi({
      'GET /api/me/alerts': () => ALERTS,
      'POST /api/me/password': () =>
        ++tries === 1
          ? new Reply(400, { error: { code: 'bad_request', message: 'the current password is wrong' } })
          : { changed: true, expiresAt: 1 },
    });
    const el = await mountAs(RITA);
    const form = () => el.querySelector('form.change-password-form')!;
    await waitFor(() => expect(form()).not.toBeNull());
    type(el, '#change-current', 'old password here');
    type(el, '#change-new', 'Velvet tractor 19 pianos');
    type(el, '#change-again', 'Velvet tractor 19 piano');
    submit(form());
    await waitFor(() => expect(form().querySelector('[role=alert]')!.textContent).toBe('The two new passwords differ.'));
    expect(calls.some((c) => c.path === '/api/me/password')).toBe(false);
    type(el, '#change-again', 'Velvet tractor 19 pianos');
    submit(form());
    await waitFor(() => expect(form().querySelector('[role=alert]')!.textContent).toBe('the current password is wrong'));
    submit(form());
    await waitFor(() => expect(form().querySelector('[role=status]')!.textContent).toContain('Password changed'));
    expect(calls.filter((c) => c.path === '/api/me/password').at(-1)!.body).toEqual({
      currentPassword: 'old password here',
      newPassword: 'Velvet tractor 19 pianos',
    });
    expect((el.querySelector('#change-current') as HTMLInputElement).value).toBe('');
  });

  it('is not shown to the admin token, which has no password', async () => {
    fakeApi({ 'GET /api/me/alerts': () => ALERTS });
    const el = await mountAs(null);
    await waitFor(() => expect(el.querySelector('form.my-alerts-form')).not.toBeNull());
    expect(el.querySelector('form.change-password-form')).toBeNull();
  });
});
