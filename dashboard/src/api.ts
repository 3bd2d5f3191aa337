import type {
  AccountDetail,
  AccountPage,
  ApiKeyView,
  AuditEntryView,
  Role,
  Scope,
  TeamUser,
  CompanyDetail,
  CompanyPage,
  DashboardSettings,
  DeliveryAttempt,
  DispositionAction,
  Funnel,
  PeriodFunnel,
  CsvCrm,
  OutcomeImportReport,
  OutcomePreview,
  LeadDetail,
  LeadListItem,
  LeadPage,
  Me,
  MyAlerts,
  Owner,
  OwnerChange,
  Site,
  WebhookEndpoint,
  WebhookMessage,
} from './types.js';
import { queryString } from './url.js';
import type { PeriodParams } from './period.js';
import type { BacktestReport, Review, SpendRowView } from './types.js';

/** An answer other than 2xx, with the collector's `{error:{code,message}}` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The one error shape's details, e.g. a CSV's problems by line. */
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever the API says 401: the session ended, show the sign-in page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The fetch to use; tests swap it. Same-origin cookies carry the session. */
let fetchImpl: typeof fetch = (input, init) => fetch(input, init);
export function setFetch(f: typeof fetch): void {
  fetchImpl = f;
}

/** Bumped on every sign-in and sign-out: an answer to a request made under another identity is stale. */
let identity = 0;

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  // Every write says JSON, body or not: the collector refuses cookie-authenticated writes of other types (CSRF).
  if (method !== 'GET') init.headers = { ...init.headers, 'content-type': 'application/json' };
  if (body !== undefined) init.body = JSON.stringify(body);
  const askedAs = identity;
  let res: Response;
  try {
    res = await fetchImpl(path, init);
  } catch {
    throw new ApiError(0, 'network', 'The collector did not answer. Is it running?');
  }
  const data = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
  } | null;
  if (!res.ok) {
    // A 401 to a request sent before the last sign-in says nothing about the session now.
    if (res.status === 401 && !path.startsWith('/auth/') && askedAs === identity) {
      clearPrefetched();
      for (const l of unauthorizedListeners) l();
    }
    throw new ApiError(res.status, data?.error?.code ?? 'http', data?.error?.message ?? `HTTP ${res.status}`, data?.error?.details ?? []);
  }
  return data as T;
}

export interface LeadQuery {
  stage?: string | null;
  q?: string | null;
  sort?: 'score' | 'lastSeen';
  /** `me` or a user's id: that person's leads. */
  owner?: string | null;
  overdue?: 'true' | null;
  limit?: number;
  cursor?: string | null;
}

const enc = encodeURIComponent;

/**
 * Answers requested before the page needed them (the home list, while the app script starts and
 * checks the session), handed to the first caller asking for the same path within a few seconds.
 */
const PREFETCH_TTL_MS = 5000;
const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();

export function prefetch(path: string): void {
  const entry = { at: Date.now(), answer: request<unknown>('GET', path) };
  // An error answer is never handed out: the caller asks again (a 401 may be followed by a sign-in).
  entry.answer.catch(() => {
    if (prefetched.get(path) === entry) prefetched.delete(path);
  });
  prefetched.set(path, entry);
}

/**
 * Forgets every early answer. Called whenever the identity changes (sign-in, sign-out): an answer
 * given to one identity is never shown to another.
 */
export function clearPrefetched(): void {
  prefetched.clear();
}

function get<T>(path: string): Promise<T> {
  const early = prefetched.get(path);
  prefetched.delete(path);
  if (early && Date.now() - early.at < PREFETCH_TTL_MS) return early.answer as Promise<T>;
  return request<T>('GET', path);
}

/** The cache is dropped both before the identity changes and once it has (whatever the answer). */
function changingIdentity<T>(answer: Promise<T>): Promise<T> {
  identity++;
  clearPrefetched();
  return answer.finally(() => {
    identity++;
    clearPrefetched();
  });
}

export const leadsPath = (query: LeadQuery) => `/api/leads${queryString({ ...query })}`;

export const api = {
  session: () => request<{ signedIn: boolean; expiresAt: number | null }>('GET', '/auth/session'),
  login: (token: string) => changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/login', { token })),
  loginAs: (email: string, password: string) =>
    changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/login', { email, password })),
  logout: () => changingIdentity(request<{ signedIn: false }>('POST', '/auth/logout')),
  settings: () => request<DashboardSettings>('GET', '/api/dashboard'),

  leads: (query: LeadQuery) => get<LeadPage>(leadsPath(query)),
  lead: (id: number) => request<LeadDetail>('GET', `/api/leads/${id}`),
  disposition: (id: number, disposition: DispositionAction, note?: string) =>
    request<{ lead: LeadListItem }>('POST', `/api/leads/${id}/disposition`, note ? { disposition, note } : { disposition }),
  owners: () => request<{ owners: Owner[] }>('GET', '/api/owners'),
  reassign: (id: number, userId: number | null) =>
    request<{ ownerId: number | null; previousOwnerId: number | null }>('POST', `/api/leads/${id}/owner`, { userId }),
  ownerHistory: (id: number) => request<{ history: OwnerChange[] }>('GET', `/api/leads/${id}/owner-history`),
  me: () => request<Me>('GET', '/api/me'),
  myAlerts: () => request<MyAlerts>('GET', '/api/me/alerts'),
  saveMyAlerts: (body: Pick<MyAlerts, 'email' | 'slackWebhookUrl' | 'events' | 'digest'>) =>
    request<MyAlerts>('PUT', '/api/me/alerts', body),
  checkLink: (token: string, purpose: 'invite' | 'setup') =>
    request<{ purpose: string; expiresAt: number; email: string | null; name: string | null }>('POST', '/auth/links/check', {
      token,
      purpose,
    }),
  setup: (body: { token: string; email: string; name: string; password: string }) =>
    changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/setup', body)),
  redeemMagicLink: (token: string) =>
    changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/magic/redeem', { token })),
  acceptInvite: (token: string, password: string) =>
    changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/invite/accept', { token, password })),
  // Password forgotten: the same answer whether or not the address has an account.
  forgotPassword: (email: string) => request<{ sent: true }>('POST', '/auth/password/forgot', { email }),
  resetPassword: (token: string, password: string) =>
    changingIdentity(request<{ signedIn: true; expiresAt: number }>('POST', '/auth/password/reset', { token, password })),
  // Ends every session of the user and starts a fresh one for this browser: a new identity as far as answers go.
  changePassword: (currentPassword: string, newPassword: string) =>
    changingIdentity(request<{ changed: true; expiresAt: number }>('POST', '/api/me/password', { currentPassword, newPassword })),
  spend: (from: string, to: string) => request<{ rows: SpendRowView[] }>('GET', `/api/spend${queryString({ from, to })}`),
  saveSpend: (rows: Omit<SpendRowView, 'updatedAt'>[]) => request<{ saved: number }>('PUT', '/api/spend', { rows }),
  importSpend: (csv: string) => request<{ saved: number }>('POST', '/api/spend.csv', { csv }),
  erase: (id: number) => request<{ erased: true }>('POST', `/api/leads/${id}/erase`),

  companies: (query: { limit?: number; cursor?: string | null }) => request<CompanyPage>('GET', `/api/companies${queryString(query)}`),
  company: (domain: string) => request<{ company: CompanyDetail }>('GET', `/api/companies/${enc(domain)}`),
  accounts: (query: { stage?: string; country?: string; new?: string; limit?: number; offset?: number }) =>
    request<AccountPage>('GET', `/api/accounts${queryString(query)}`),
  account: (key: string) => request<AccountDetail>('GET', `/api/accounts/${enc(key)}`),
  funnel: () => request<Funnel>('GET', '/api/funnel'),
  review: (quarter: string) => request<Review>('GET', `/api/review${queryString({ quarter })}`),
  periodFunnel: (q: PeriodParams) => request<PeriodFunnel>('GET', `/api/funnel${queryString({ ...q })}`),
  previewOutcomes: (crm: CsvCrm, csv: string) => request<OutcomePreview>('POST', '/api/outcomes/csv', { crm, csv, preview: true }),
  importOutcomes: (crm: CsvCrm, csv: string) => request<OutcomeImportReport>('POST', '/api/outcomes/csv', { crm, csv }),

  users: () => request<{ users: TeamUser[] }>('GET', '/api/users'),
  invite: (body: { email: string; name: string; role: Role }) =>
    request<{ user: TeamUser; inviteUrl: string; emailed: boolean }>('POST', '/api/users', body),
  changeUser: (id: number, change: Partial<Pick<TeamUser, 'role' | 'available' | 'name'>>) =>
    request<{ user: TeamUser }>('PATCH', `/api/users/${id}`, change),
  removeUser: (id: number) => request<{ removed: true }>('DELETE', `/api/users/${id}`),
  keys: () => request<{ keys: ApiKeyView[] }>('GET', '/api/keys'),
  createKey: (name: string, scopes: Scope[]) => request<{ key: ApiKeyView; secret: string }>('POST', '/api/keys', { name, scopes }),
  revokeKey: (id: number) => request<{ revoked: true }>('DELETE', `/api/keys/${id}`),
  audit: (query: { action?: string; actor?: string; cursor?: string | null }) =>
    request<{ entries: AuditEntryView[]; nextCursor: string | null }>('GET', `/api/audit${queryString({ ...query, limit: 50 })}`),
  rules: () => request<unknown>('GET', '/api/rules'),
  /** Replays the event log under proposed rules (the config's `scoring` shape); read-only on the server. */
  backtest: (rules: unknown) => request<BacktestReport>('POST', '/api/backtest', rules),
  rescore: () => request<{ leads: number; events: number; stageChanges: number; ms: number }>('POST', '/api/rescore'),
  sites: () => request<{ sites: Site[] }>('GET', '/api/sites'),

  webhooks: () => request<{ endpoints: WebhookEndpoint[] }>('GET', '/api/webhooks'),
  createWebhook: (body: { url: string; format?: string; events?: string[] }) =>
    request<{ endpoint: WebhookEndpoint; secret: string }>('POST', '/api/webhooks', body),
  updateWebhook: (
    id: string | number,
    patch: Partial<Pick<WebhookEndpoint, 'url' | 'format' | 'events' | 'enabled'>> & { rotateSecret?: true },
  ) => request<{ endpoint: WebhookEndpoint; secret?: string }>('PATCH', `/api/webhooks/${enc(String(id))}`, patch),
  deleteWebhook: (id: string | number) => request<unknown>('DELETE', `/api/webhooks/${enc(String(id))}`),
  messages: (id: string | number, cursor?: string | null) =>
    request<{ messages: WebhookMessage[]; nextCursor?: string | null }>(
      'GET',
      `/api/webhooks/${enc(String(id))}/messages${queryString({ cursor })}`,
    ),
  attempts: (msgId: string) => request<{ attempts: DeliveryAttempt[] }>('GET', `/api/webhooks/messages/${enc(msgId)}/attempts`),
  testWebhook: (id: string | number) =>
    request<{ delivered: boolean; status: number | null; latencyMs: number; error?: string | null }>(
      'POST',
      `/api/webhooks/${enc(String(id))}/test`,
    ),
  redeliver: (msgId: string) => request<{ queued: true }>('POST', `/api/webhooks/messages/${enc(msgId)}/redeliver`),
};
