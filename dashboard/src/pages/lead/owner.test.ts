// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { fakeApi, makeLead, mount, NOW, Reply, waitFor } from '../../../../test/support/dashboard.js';
import { howWords, LeadOwner } from './owner.js';

const OWNERS = [
  { id: 1, name: 'Ada Admin', email: 'ada@team.test', role: 'admin', available: false },
  { id: 2, name: 'Rita <i>Rep</i>', email: 'rita@team.test', role: 'sales', available: true },
  { id: 3, name: 'Sam Sales', email: 'sam@team.test', role: 'sales', available: true },
];
const HISTORY = [
  { at: NOW - 7_200_000, fromUserId: null, toUserId: 2, how: 'round-robin', actor: null },
  { at: NOW - 3_600_000, fromUserId: 2, toUserId: 3, how: 'manual', actor: 'user:1' },
];

describe('lead owner', () => {
  it('names the owner, lists how it got its owners newest first, and reassigns through the API', async () => {
    let changed = 0;
    const calls = fakeApi({
      'GET /api/owners': () => ({ owners: OWNERS }),
      'GET /api/leads/4/owner-history': () => ({ history: HISTORY }),
      'POST /api/leads/4/owner': () => ({ ownerId: 2, previousOwnerId: 3 }),
    });
    const el = await mount(html`<${LeadOwner} lead=${makeLead({ id: 4, ownerId: 3 })} onChanged=${() => changed++} />`);
    await waitFor(() => expect(el.querySelector('.current-owner')!.textContent).toBe('Owner: Sam Sales'));
    await waitFor(() => expect(el.querySelectorAll('.owner-change')).toHaveLength(2));
    const [newest, oldest] = [...el.querySelectorAll('.owner-change')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    expect(newest).toContain('Rita <i>Rep</i> → Sam Sales');
    expect(newest).toContain('reassigned by Ada Admin');
    expect(oldest).toContain('— → Rita <i>Rep</i>');
    expect(oldest).toContain('round-robin');
    expect(el.querySelector('.owner-history i')).toBeNull();

    const select = el.querySelector('select.reassign') as HTMLSelectElement;
    expect(select.value).toBe('3');
    select.value = '2';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(changed).toBe(1));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ userId: 2 });

    select.value = '';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(changed).toBe(2));
    expect(calls.filter((c) => c.method === 'POST').at(-1)!.body).toEqual({ userId: null });
  });

  it("shows the server's refusal inline and changes nothing", async () => {
    let changed = 0;
    fakeApi({
      'GET /api/owners': () => ({ owners: OWNERS }),
      'GET /api/leads/4/owner-history': () => ({ history: [] }),
      'POST /api/leads/4/owner': () => new Reply(400, { error: { code: 'bad_request', message: 'no user 3 to give the lead to' } }),
    });
    const el = await mount(html`<${LeadOwner} lead=${makeLead({ id: 4, ownerId: null })} onChanged=${() => changed++} />`);
    await waitFor(() => expect(el.querySelectorAll('select.reassign option')).toHaveLength(4));
    expect(el.querySelector('.current-owner')!.textContent).toBe('Owner: —');
    expect(el.textContent).toContain('No owner yet.');
    const select = el.querySelector('select.reassign') as HTMLSelectElement;
    select.value = '3';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(el.querySelector('.lead-owner .form-error')!.textContent).toBe('no user 3 to give the lead to'));
    expect(changed).toBe(0);
  });

  it('says how routing chose, in words', () => {
    expect(howWords('rule:dach')).toBe('routing rule "dach"');
    expect(howWords('account')).toBe("the company's owner");
    expect(howWords('round-robin')).toBe('round-robin');
    expect(howWords('manual')).toBe('reassigned');
    expect(howWords('something-new')).toBe('something-new');
  });
});
