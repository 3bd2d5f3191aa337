// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { mount } from '../../test/support/dashboard.js';
import { href, navigate, parseHash, ROUTES, useRoute, type PageName, type Route } from './router.js';

/** Every page with the hashes that reach it and the params they carry: the route table read back. */
const REACHES: [hash: string, page: PageName, params: string[]][] = [
  ['', 'leads', []],
  ['#', 'leads', []],
  ['#/', 'leads', []],
  ['#/leads', 'leads', []],
  ['#/leads/', 'leads', []],
  ['#/leads/42', 'lead', ['42']],
  ['#/leads/42/', 'lead', ['42']],
  ['#/leads/123456789012345', 'lead', ['123456789012345']],
  ['#/funnel', 'funnel', []],
  ['#/funnel/', 'funnel', []],
  ['#/companies', 'companies', []],
  ['#/companies/n:64500', 'account', ['n:64500']],
  ['#/companies/d%3Aacme.io', 'account', ['d%3Aacme.io']],
  ['#/companies/x:acme.io', 'notfound', []],
  ['#/companies/d:acme.io/', 'account', ['d:acme.io']],
  ['#/settings', 'settings', []],
  ['#/backtest', 'backtest', []],
  ['#/review', 'review', []],
  ['#/review/', 'review', []],
  ['#/backtest/', 'backtest', []],
  ['#/team', 'team', []],
  ['#/me/alerts', 'alerts', []],
  ['#/join?token=kl_abc', 'join', []],
  ['#/setup?token=kl_abc', 'setup', []],
  ['#/magic?token=kl_abc', 'magic', []],
  ['#/forgot', 'forgot', []],
  ['#/spend', 'spend', []],
  ['#/reset?token=kl_abc', 'reset', []],
];

/** Hashes no route takes: the page says "not found" rather than guessing. */
const UNKNOWN = [
  '#/nope',
  '#/leads/abc',
  '#/leads/-1',
  '#/leads/4.2',
  '#/leads/1234567890123456', // past 15 digits: not an id the API hands out
  '#/leads/42/history',
  '#/leads//42',
  '#/LEADS',
  '#leads',
  '#/settings/extra',
  '#/me',
  '#/alerts',
  '#//',
];

describe('parseHash', () => {
  it.each(REACHES)('%j → %s %j', (hash, page, params) => {
    expect(parseHash(hash)).toMatchObject({ page, params });
  });

  it('reaches every page of the route table', () => {
    const reached = new Set(REACHES.map(([, page]) => page));
    expect(ROUTES.map((r) => r.page).filter((p) => !reached.has(p))).toEqual([]);
  });

  it.each(UNKNOWN)('%j is not found, with no params', (hash) => {
    expect(parseHash(hash)).toMatchObject({ page: 'notfound', params: [] });
  });

  it('splits the query off the path and decodes it', () => {
    const route = parseHash('#/leads?stage=sql&q=acme%20corp&q2=a%26b');
    expect(route.page).toBe('leads');
    expect(route.query.get('stage')).toBe('sql');
    expect(route.query.get('q')).toBe('acme corp');
    expect(route.query.get('q2')).toBe('a&b');
  });

  it('keeps the params of a route that has a query', () => {
    const route = parseHash('#/leads/7?tab=history');
    expect(route).toMatchObject({ page: 'lead', params: ['7'] });
    expect(route.query.get('tab')).toBe('history');
  });

  it('keeps the query of an unknown route, and gives an empty one when there is none', () => {
    expect(parseHash('#/nope?x=1').query.get('x')).toBe('1');
    expect([...parseHash('#/funnel').query]).toEqual([]);
    expect(parseHash('#/?stage=mql')).toMatchObject({ page: 'leads' });
    expect(parseHash('#?stage=mql').page).toBe('notfound');
  });

  it('reads back what href writes', () => {
    const link = href('/leads', { stage: 'sql', q: 'a&b ?=#', sort: '' });
    expect(link).toBe('#/leads?stage=sql&q=a%26b+%3F%3D%23');
    const route = parseHash(link);
    expect(route.page).toBe('leads');
    expect(Object.fromEntries(route.query)).toEqual({ stage: 'sql', q: 'a&b ?=#' });
    expect(href('/leads/9', {})).toBe('#/leads/9');
    expect(parseHash(href('/leads/9', { page: 2 }))).toMatchObject({ page: 'lead', params: ['9'] });
  });
});

describe('navigate and useRoute', () => {
  afterEach(() => {
    history.replaceState(null, '', '#/');
  });

  /** Renders a component that shows the current route, so a test can read what useRoute returned. */
  function ShowRoute() {
    const route: Route = useRoute();
    return html`<p>${route.page} ${route.params.join(',')} ${route.query.toString()}</p>`;
  }

  it('follows the hash: navigate adds a history entry, replace does not', async () => {
    history.replaceState(null, '', '#/funnel');
    const view = await mount(html`<${ShowRoute} />`);
    expect(view.textContent).toBe('funnel  ');

    const before = history.length;
    await act(async () => {
      navigate('#/leads/5?tab=notes');
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(location.hash).toBe('#/leads/5?tab=notes');
    expect(history.length).toBe(before + 1);
    expect(view.textContent).toBe('lead 5 tab=notes');

    await act(async () => {
      navigate(href('/leads', { stage: 'sql' }), { replace: true });
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(location.hash).toBe('#/leads?stage=sql');
    expect(history.length).toBe(before + 1);
    expect(view.textContent).toBe('leads  stage=sql');
  });
});
