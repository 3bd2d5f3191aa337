import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router.js';
import { safeHttpUrl } from './url.js';

describe('hash routes', () => {
  it('maps every page', () => {
    expect(parseHash('').page).toBe('leads');
    expect(parseHash('#/').page).toBe('leads');
    expect(parseHash('#/leads').page).toBe('leads');
    expect(parseHash('#/leads/42')).toMatchObject({ page: 'lead', params: ['42'] });
    expect(parseHash('#/funnel').page).toBe('funnel');
    expect(parseHash('#/companies').page).toBe('companies');
    expect(parseHash('#/settings').page).toBe('settings');
    expect(parseHash('#/leads/abc').page).toBe('notfound');
    expect(parseHash('#/nope').page).toBe('notfound');
  });

  it('keeps filters in the query', () => {
    const route = parseHash('#/leads?stage=sql&q=acme%20corp');
    expect(route.page).toBe('leads');
    expect(route.query.get('stage')).toBe('sql');
    expect(route.query.get('q')).toBe('acme corp');
    expect(href('/leads', { stage: 'sql', q: 'a&b', sort: '' })).toBe('#/leads?stage=sql&q=a%26b');
    expect(href('/leads', {})).toBe('#/leads');
  });
});

describe('links from collected data', () => {
  it('only lets http(s) through', () => {
    expect(safeHttpUrl('https://acme.test/a.pdf')).toBe('https://acme.test/a.pdf');
    expect(safeHttpUrl('http://acme.test/')).toBe('http://acme.test/');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl(' JavaScript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });
});
