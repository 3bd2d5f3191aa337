// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, makeLead, mount, waitFor } from '../../../test/support/dashboard.js';
import { MeContext } from '../me-context.js';
import { parseHash } from '../router.js';
import type { TeamUser } from '../types.js';
import { LeadsPage } from './leads.js';

const user = (id: number, name: string, role: TeamUser['role']): TeamUser => ({
  id,
  email: `${name.split(' ')[0]!.toLowerCase()}@team.test`,
  name,
  role,
  available: true,
  status: 'active',
  createdAt: 1,
  lastSignInAt: null,
});
const REP = user(2, 'Rita <b>Rep</b>', 'sales');
const ADMIN = user(1, 'Ada Admin', 'admin');
const OWNERS = [ADMIN, REP, user(3, 'Sam Sales', 'sales')].map(({ id, name, email, role, available }) => ({
  id,
  name,
  email,
  role,
  available,
}));

function leadsApi() {
  return fakeApi({
    'GET /api/owners': () => ({ owners: OWNERS }),
    'GET /api/leads': () => ({ leads: [makeLead({ id: 1, ownerId: 2 }), makeLead({ id: 2, ownerId: null })], nextCursor: null, total: 2 }),
  });
}
const mountAs = (me: TeamUser | null, hash: string) =>
  mount(html`<${MeContext.Provider} value=${me}><${LeadsPage} route=${parseHash(hash)} /></${MeContext.Provider}>`);
const leadCalls = (calls: { path: string }[]) => calls.filter((c) => c.path.startsWith('/api/leads')).map((c) => c.path);

afterEach(() => {
  location.hash = '';
});

describe('hot leads: owners', () => {
  it("a sales user sees their own leads by default, one click from everyone's, with owner names (escaped)", async () => {
    const calls = leadsApi();
    const el = await mountAs(REP, '#/leads');
    await waitFor(() => expect(el.querySelector('tr[data-lead-id="1"] .owner')!.textContent).toBe('Rita <b>Rep</b>'));
    expect(el.querySelector('tr[data-lead-id="1"] .owner b')).toBeNull();
    expect(el.querySelector('tr[data-lead-id="2"] .owner')!.textContent).toBe('—');
    expect([...el.querySelectorAll('thead th')].map((th) => th.textContent)).toContain('Owner');
    expect(leadCalls(calls)).toEqual(['/api/leads?sort=score&owner=me&limit=50']);
    expect(el.querySelector('.mine .tab.active')!.textContent).toBe('My leads');
    expect(el.querySelector('a[data-owner="all"]')!.getAttribute('href')).toBe('#/leads?owner=all');
    expect(el.querySelector('a[data-owner="me"]')!.getAttribute('href')).toBe('#/leads');
    // Stage tabs and the CSV keep the owner filter.
    expect([...el.querySelectorAll('.tab')].find((t) => t.textContent === 'SQL')!.getAttribute('href')).toBe('#/leads?stage=sql');
    expect(el.querySelector('a[data-csv="leads"]')!.getAttribute('href')).toBe('/api/leads.csv?sort=score&owner=me');

    const all = await mountAs(REP, '#/leads?owner=all');
    await waitFor(() => expect(all.querySelector('.mine .tab.active')!.textContent).toBe('All leads'));
    expect(leadCalls(calls).at(-1)).toBe('/api/leads?sort=score&limit=50');
  });

  it('others see all leads by default; the owner and Overdue filters go to the API and into the hash', async () => {
    const calls = leadsApi();
    const el = await mountAs(ADMIN, '#/leads?stage=sql');
    await waitFor(() => expect(el.querySelectorAll('tr.lead-row')).toHaveLength(2));
    expect(leadCalls(calls)).toEqual(['/api/leads?stage=sql&sort=score&limit=50']);
    await waitFor(() => expect(el.querySelectorAll('select.owner-filter option')).toHaveLength(5));
    expect([...el.querySelectorAll('select.owner-filter option')].map((o) => o.textContent)).toEqual([
      "Anyone's",
      'Mine',
      'Ada Admin',
      'Rita <b>Rep</b>',
      'Sam Sales',
    ]);

    const select = el.querySelector('select.owner-filter') as HTMLSelectElement;
    select.value = '3';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(location.hash).toBe('#/leads?stage=sql&owner=3');
    const overdue = el.querySelector('.overdue-filter input') as HTMLInputElement;
    overdue.checked = true;
    overdue.dispatchEvent(new Event('change', { bubbles: true }));
    expect(location.hash).toBe('#/leads?stage=sql&overdue=1');

    await mountAs(ADMIN, '#/leads?stage=sql&owner=3&overdue=1');
    await waitFor(() => expect(leadCalls(calls).at(-1)).toBe('/api/leads?stage=sql&sort=score&owner=3&overdue=true&limit=50'));
  });

  it('the admin token (no user) has no "My leads" and asks for all leads; a bad owner in the hash is ignored', async () => {
    const calls = leadsApi();
    const el = await mountAs(null, '#/leads?owner=<script>');
    await waitFor(() => expect(el.querySelectorAll('tr.lead-row')).toHaveLength(2));
    expect(el.querySelector('.mine')).toBeNull();
    expect(leadCalls(calls)).toEqual(['/api/leads?sort=score&limit=50']);
  });
});
