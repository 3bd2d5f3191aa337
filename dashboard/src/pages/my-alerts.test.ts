// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, mount, Reply, waitFor } from '../../../test/support/dashboard.js';
import type { MyAlerts } from '../types.js';
import { MyAlertsPage } from './my-alerts.js';

const SAVED: MyAlerts = {
  email: false,
  emailAddress: null,
  slackWebhookUrl: null,
  events: ['lead.entered_sql', 'lead.overdue'],
  digest: false,
  emailConfigured: true,
  disabled: [],
};
const check = (el: Element, selector: string, on: boolean) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.checked = on;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};
const type = (el: Element, selector: string, value: string) => {
  const input = el.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (el: Element) => el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

describe('my alerts page', () => {
  it('shows the saved channels and events, and saves what the user picks', async () => {
    const calls = fakeApi({
      'GET /api/me/alerts': () => SAVED,
      'PUT /api/me/alerts': ({ body }) => ({ ...SAVED, ...(body as object), emailAddress: 'rita@team.test' }),
    });
    const el = await mount(html`<${MyAlertsPage} />`);
    await waitFor(() => expect(el.querySelector('form.my-alerts-form')).not.toBeNull());
    expect(el.querySelector('.email-status')!.textContent).toContain('Email is set up');
    const checked = () => [...el.querySelectorAll('input[name=events]:checked')].map((i) => (i as HTMLInputElement).value);
    expect(checked()).toEqual(['lead.entered_sql', 'lead.overdue']);

    check(el, 'input[name=email]', true);
    type(el, '#slack-url', ' https://hooks.slack.com/services/T/B/x ');
    check(el, 'input[value="lead.entered_near_sql"]', true);
    check(el, 'input[value="lead.overdue"]', false);
    check(el, 'input[name=digest]', true);
    await waitFor(() => expect(checked()).toEqual(['lead.entered_sql', 'lead.entered_near_sql']));
    submit(el);
    await waitFor(() => expect(el.querySelector('.saved')).not.toBeNull());
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      email: true,
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/x',
      events: ['lead.entered_sql', 'lead.entered_near_sql'],
      digest: true,
    });
    expect(el.querySelector('label.check strong')!.textContent).toBe('rita@team.test');
  });

  it("shows the server's refusal inline, keeps what was typed, and says when email is not set up", async () => {
    fakeApi({
      'GET /api/me/alerts': () => ({ ...SAVED, emailConfigured: false, disabled: [{ channel: 'slack', reason: 'HTTP 404 <gone>' }] }),
      'PUT /api/me/alerts': () =>
        new Reply(400, { error: { code: 'bad_request', message: 'private or loopback targets are not allowed: 10.0.0.1' } }),
    });
    const el = await mount(html`<${MyAlertsPage} />`);
    await waitFor(() => expect(el.querySelector('form.my-alerts-form')).not.toBeNull());
    expect(el.querySelector('.email-status')!.textContent).toContain('Email is not set up');
    expect((el.querySelector('input[name=email]') as HTMLInputElement).disabled).toBe(true);
    expect(el.querySelector('.channel-disabled[data-channel=slack]')!.textContent).toContain('HTTP 404 <gone>');
    type(el, '#slack-url', 'https://10.0.0.1/hook');
    submit(el);
    await waitFor(() =>
      expect(el.querySelector('[role=alert]')!.textContent).toBe('private or loopback targets are not allowed: 10.0.0.1'),
    );
    expect((el.querySelector('#slack-url') as HTMLInputElement).value).toBe('https://10.0.0.1/hook');
    expect(el.querySelector('.saved')).toBeNull();
  });

  it('says why when the page cannot load (the admin token has no alert settings of its own)', async () => {
    fakeApi({
      'GET /api/me/alerts': () =>
        new Reply(400, { error: { code: 'bad_request', message: 'personal alert settings belong to a signed-in user' } }),
    });
    const el = await mount(html`<${MyAlertsPage} />`);
    await waitFor(() => expect(el.querySelector('.state.error')!.textContent).toContain('belong to a signed-in user'));
  });
});
