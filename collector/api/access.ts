import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../errors.js';
import type { Role, Scope } from '../store/port/team.js';
import type { AuthEnv, Principal } from './principal.js';

/**
 * Who may call each /api route: the roles of signed-in users and the scope an API key needs
 * (besides `admin`, which every route accepts). The admin token may call everything. One table,
 * first match wins; a test walks it (every role gets 2xx where listed and 403 where not) and
 * checks that every mounted /api route has a row.
 *
 * - marketing: rules, rescore, backtest, funnel and all leads; no users, keys, audit, webhooks or erasure.
 * - sales: leads (all of them) and their own dispositions; companies; no funnel, rescore or backtest.
 * - `ingest` grants no /api route: ingestion is `/e` (site origins) and `/v1/*` (per-site write keys).
 */
export interface RouteAccess {
  /** `METHOD /path` as the route is mounted (`:param` segments). */
  route: string;
  roles: readonly Role[];
  /** The scope that lets an API key call it; null: only a key with `admin`. */
  scope: Scope | null;
}

const ALL: readonly Role[] = ['admin', 'marketing', 'sales'];
const ADMIN: readonly Role[] = ['admin'];
const MARKETING: readonly Role[] = ['admin', 'marketing'];
const SALES: readonly Role[] = ['admin', 'sales'];

export const ACCESS: readonly RouteAccess[] = [
  // Who am I, the page's settings, the live stream
  { route: 'GET /api/me', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/dashboard', roles: ALL, scope: null },
  { route: 'GET /api/live', roles: ALL, scope: null },
  // Leads and companies
  { route: 'GET /api/leads', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/leads/:id', roles: ALL, scope: 'leads:read' },
  { route: 'POST /api/leads/:id/disposition', roles: SALES, scope: 'outcomes:write' },
  { route: 'POST /api/leads/:id/erase', roles: ADMIN, scope: null },
  // Routing: anyone on the team may give a lead to someone (recorded with who did it); a CRM with outcomes:write too.
  { route: 'POST /api/leads/:id/owner', roles: ALL, scope: 'outcomes:write' },
  { route: 'GET /api/leads/:id/owner-history', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/owners', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/me/alerts', roles: ALL, scope: null },
  { route: 'PUT /api/me/alerts', roles: ALL, scope: null },
  // One's own password (the current one required); a key has none.
  { route: 'POST /api/me/password', roles: ALL, scope: null },
  { route: 'GET /api/companies', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/companies/:domain', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/accounts', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/accounts/:key', roles: ALL, scope: 'leads:read' },
  // CSV downloads follow their lists; a person's full export (GDPR access request) is the admin's, like erasure.
  { route: 'GET /api/leads.csv', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/companies.csv', roles: ALL, scope: 'leads:read' },
  { route: 'GET /api/funnel.csv', roles: MARKETING, scope: 'leads:read' },
  { route: 'GET /api/leads/:id/export', roles: ADMIN, scope: null },
  // Rules, funnel, backtest
  { route: 'GET /api/funnel', roles: MARKETING, scope: 'leads:read' },
  { route: 'GET /api/rules', roles: ALL, scope: null },
  { route: 'POST /api/rescore', roles: MARKETING, scope: null },
  { route: 'POST /api/backtest', roles: MARKETING, scope: null },
  // CRM outcomes in: marketing runs the import, a CRM integration sends them with its key.
  { route: 'POST /api/outcomes', roles: MARKETING, scope: 'outcomes:write' },
  { route: 'POST /api/outcomes/csv', roles: MARKETING, scope: 'outcomes:write' },
  { route: 'GET /api/review', roles: MARKETING, scope: 'leads:read' },
  // Marketing spend (CAC): entered and imported by marketing; an API key needs `admin`.
  { route: 'GET /api/spend', roles: MARKETING, scope: null },
  { route: 'PUT /api/spend', roles: MARKETING, scope: null },
  { route: 'POST /api/spend.csv', roles: MARKETING, scope: null },
  { route: 'GET /api/sites', roles: ALL, scope: null },
  // Webhooks
  { route: 'GET /api/webhooks', roles: ADMIN, scope: null },
  { route: 'POST /api/webhooks', roles: ADMIN, scope: null },
  { route: 'PATCH /api/webhooks/:id', roles: ADMIN, scope: null },
  { route: 'DELETE /api/webhooks/:id', roles: ADMIN, scope: null },
  { route: 'GET /api/webhooks/:id/messages', roles: ADMIN, scope: null },
  { route: 'POST /api/webhooks/:id/test', roles: ADMIN, scope: null },
  { route: 'GET /api/webhooks/messages/:msgId', roles: ADMIN, scope: null },
  { route: 'GET /api/webhooks/messages/:msgId/attempts', roles: ADMIN, scope: null },
  { route: 'POST /api/webhooks/messages/:msgId/redeliver', roles: ADMIN, scope: null },
  // The team
  { route: 'GET /api/users', roles: ADMIN, scope: null },
  { route: 'POST /api/users', roles: ADMIN, scope: null },
  { route: 'PATCH /api/users/:id', roles: ADMIN, scope: null },
  { route: 'DELETE /api/users/:id', roles: ADMIN, scope: null },
  { route: 'GET /api/keys', roles: ADMIN, scope: null },
  { route: 'POST /api/keys', roles: ADMIN, scope: null },
  { route: 'DELETE /api/keys/:id', roles: ADMIN, scope: null },
  { route: 'GET /api/audit', roles: ADMIN, scope: null },
];

interface CompiledAccess extends RouteAccess {
  method: string;
  pattern: RegExp;
}

function compile(table: readonly RouteAccess[]): CompiledAccess[] {
  return table.map((row) => {
    const [method, path] = row.route.split(' ') as [string, string];
    const source = path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { ...row, method, pattern: new RegExp(`^${source}/?$`) };
  });
}

/** Whether the principal may call this row's route. */
export function allowed(principal: Principal, row: Pick<RouteAccess, 'roles' | 'scope'> | undefined): boolean {
  if (principal.kind === 'token') return true;
  if (principal.kind === 'key') return principal.scopes.includes('admin') || (!!row?.scope && principal.scopes.includes(row.scope));
  // A route missing from the table is an admin's only.
  return row ? row.roles.includes(principal.role) : principal.role === 'admin';
}

/**
 * Enforces the table after `authenticate`. A request for no known route is passed on only for
 * principals who may call anything (so they get the router's 404); the rest get a 403 and learn
 * nothing about which routes exist.
 */
export function authorize(table: readonly RouteAccess[] = ACCESS): MiddlewareHandler<AuthEnv> {
  const rows = compile(table);
  return async (c, next) => {
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const row = rows.find((r) => r.method === method && r.pattern.test(c.req.path));
    const principal = c.get('principal');
    if (!allowed(principal, row)) {
      const who = principal.kind === 'key' ? 'this API key lacks the scope for' : 'your role may not use';
      throw forbidden(`${who} ${c.req.method} ${c.req.path}`);
    }
    await next();
  };
}
