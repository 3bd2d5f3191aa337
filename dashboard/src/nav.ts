import { html } from 'htm/preact';
import type { Role } from './types.js';
import type { PageName } from './router.js';

/**
 * The main navigation as data: each page with the roles that may use it (collector/api/access.ts is
 * the enforcement — a hidden page's API still answers 403; this only spares people links that lead
 * to refusals). Funnel and backtest are marketing's, Settings (rules, sites, webhooks) marketing's and
 * the admin's, Team (users, keys, audit) the admin's. The admin token sees everything.
 */
export interface NavItem {
  page: PageName;
  href: string;
  label: string;
  also?: PageName[];
  roles: readonly Role[];
}

const ALL: readonly Role[] = ['admin', 'marketing', 'sales'];
const MARKETING: readonly Role[] = ['admin', 'marketing'];

export const NAV: readonly NavItem[] = [
  { page: 'leads', href: '#/leads', label: 'Hot leads', also: ['lead'], roles: ALL },
  { page: 'funnel', href: '#/funnel', label: 'Funnel', roles: MARKETING },
  { page: 'companies', href: '#/companies', label: 'Companies', roles: ALL },
  { page: 'backtest', href: '#/backtest', label: 'Backtest', roles: MARKETING },
  { page: 'review', href: '#/review', label: 'Review', roles: MARKETING },
  { page: 'spend', href: '#/spend', label: 'Spend', roles: MARKETING },
  { page: 'settings', href: '#/settings', label: 'Settings', roles: MARKETING },
  { page: 'team', href: '#/team', label: 'Team', roles: ['admin'] },
  { page: 'alerts', href: '#/me/alerts', label: 'My alerts', roles: ALL },
];

/** The pages a role may use; before the role is known, only those everyone may. */
export const navFor = (role: Role | null): NavItem[] =>
  NAV.filter((n) => (role === null ? n.roles.length === ALL.length : n.roles.includes(role)));

export function MainNav({ role, page }: { role: Role | null; page: PageName }) {
  return html`<nav class="nav" aria-label="main">
    ${navFor(role).map(
      (n) =>
        html`<a
          href=${n.href}
          class=${n.page === page || n.also?.includes(page) ? 'active' : ''}
          aria-current=${n.page === page ? 'page' : undefined}
          >${n.label}</a
        >`,
    )}
  </nav>`;
}
