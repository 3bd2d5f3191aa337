// @vitest-environment happy-dom
import { html } from 'htm/preact';
import { describe, expect, it } from 'vitest';
import { makeLead, mount } from '../../../../test/support/dashboard.js';
import { MeContext } from '../../me-context.js';
import type { TeamUser } from '../../types.js';
import { EraseZone } from './actions.js';

const user = (role: TeamUser['role']) => ({ id: 7, name: 'Pat', email: 'pat@team.test', role, available: true }) as TeamUser;

describe('the erase card', () => {
  it.each([
    ['the admin token (no user)', null, true],
    ['an admin', user('admin'), true],
    ['marketing', user('marketing'), false],
    ['sales', user('sales'), false],
  ])('%s: shown %s', async (_who, me, shown) => {
    const el = await mount(
      html`<${MeContext.Provider} value=${me}><${EraseZone} lead=${makeLead({ id: 4 })} onErased=${() => {}} /></${MeContext.Provider}>`,
    );
    expect(el.querySelector('.danger-zone') !== null).toBe(shown);
    expect(el.textContent!.includes('Erase this person')).toBe(shown);
  });
});
