// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { mount, waitFor } from '../../test/support/dashboard.js';
import { lazyPage } from './lazy-page.js';
import { parseHash, type Route } from './router.js';

const Page = ({ route }: { route: Route }) => html`<p class="lazy">page for ${route.query.get('x')}</p>`;

describe('lazyPage', () => {
  it('shows a spinner, then the page with its props; loads the code once', async () => {
    let loads = 0;
    let release!: () => void;
    const Lazy = lazyPage(() => {
      loads++;
      return new Promise((resolve) => (release = () => resolve(Page)));
    });
    const el = await mount(html`<${Lazy} route=${parseHash('#/team?x=1')} />`);
    expect(el.querySelector('.loading')).not.toBeNull();
    release();
    await waitFor(() => expect(el.querySelector('.lazy')!.textContent).toBe('page for 1'));
    const again = await mount(html`<${Lazy} route=${parseHash('#/team?x=2')} />`);
    expect(again.querySelector('.lazy')!.textContent).toBe('page for 2');
    expect(loads).toBe(1);
  });

  it('says when the code fails to load and tries again on retry', async () => {
    let loads = 0;
    const Lazy = lazyPage(() => (++loads === 1 ? Promise.reject(new Error('chunk gone')) : Promise.resolve(Page)));
    const el = await mount(html`<${Lazy} route=${parseHash('#/team?x=3')} />`);
    await waitFor(() => expect(el.querySelector('.state.error')!.textContent).toContain('chunk gone'));
    (el.querySelector('.state.error button') as HTMLButtonElement).click();
    await waitFor(() => expect(el.querySelector('.lazy')!.textContent).toBe('page for 3'));
    expect(loads).toBe(2);
  });
});
