// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, mount, waitFor } from '../../../../test/support/dashboard.js';
import { TeamPage } from './index.js';

const USER = {
  id: 2,
  email: 'rep@example.com',
  name: 'Rep',
  role: 'sales',
  available: true,
  status: 'active',
  createdAt: 1,
  lastSignInAt: null,
};
const KEY = { id: 4, name: 'CRM', prefix: 'kk_abcdef', scopes: ['leads:read'], createdAt: 1, lastUsedAt: null, revokedAt: null };
const ENTRY = {
  id: 9,
  at: 1,
  actor: { kind: 'user', id: 2, label: 'rep@example.com' },
  action: 'lead.disposition',
  target: 'lead:5',
  detail: { disposition: 'accepted' },
};

const change = (el: Element, value: string | boolean) => {
  const input = el as HTMLInputElement;
  if (typeof value === 'boolean') input.checked = value;
  else input.value = value;
  input.dispatchEvent(new Event(input.tagName === 'SELECT' || input.type === 'checkbox' ? 'change' : 'input', { bubbles: true }));
};
const submit = (form: Element) => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

describe('team page', () => {
  it('lists users, keys and the audit log; invites (the link shows once), changes a role, creates a key (shown once)', async () => {
    const calls = fakeApi({
      'GET /api/users': () => ({ users: [USER] }),
      'POST /api/users': () => ({ user: { ...USER, id: 3 }, inviteUrl: 'http://k/#/join?token=kl_x', emailed: false }),
      'PATCH /api/users/2': () => ({ user: { ...USER, role: 'marketing' } }),
      'GET /api/keys': () => ({ keys: [KEY] }),
      'POST /api/keys': () => ({ key: KEY, secret: 'kk_the_secret' }),
      'GET /api/audit': () => ({ entries: [ENTRY], nextCursor: null }),
    });
    const el = await mount(html`<${TeamPage} />`);
    await waitFor(() => expect(el.querySelector('tr[data-user="2"]')!.textContent).toContain('rep@example.com'));
    await waitFor(() => expect(el.querySelector('tr[data-key="4"]')!.textContent).toContain('kk_abcdef…'));
    await waitFor(() => expect(el.querySelector('tr[data-audit="9"] .actor')!.textContent).toBe('rep@example.com'));

    const invite = el.querySelector('.invite-form')!;
    change(invite.querySelector('input[type=email]')!, 'new@example.com');
    change(invite.querySelector('input[aria-label=Name]')!, 'New');
    submit(invite);
    await waitFor(() => expect(el.querySelector('.invite-link code')!.textContent).toBe('http://k/#/join?token=kl_x'));
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/users')!.body).toEqual({
      email: 'new@example.com',
      name: 'New',
      role: 'sales',
    });

    change(el.querySelector('tr[data-user="2"] select')!, 'marketing');
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'marketing' }));

    const keyForm = el.querySelector('.key-form')!;
    change(keyForm.querySelector('input[aria-label="Key name"]')!, 'BI');
    submit(keyForm);
    await waitFor(() => expect(el.querySelector('.new-key code')!.textContent).toBe('kk_the_secret'));
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/keys')!.body).toEqual({ name: 'BI', scopes: ['leads:read'] });
  });
});
