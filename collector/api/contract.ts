/**
 * The admin API's contract: every type the dashboard and the CLIs read from the API. They import
 * this module only (type-only: nothing of the collector is bundled), so a route that changes
 * what it answers changes these types, and the compiler finds every reader that must follow.
 * Where a route builds its answer with a view function, the type is that function's return type.
 */
import type { funnel } from './funnel.js';
import type { periodFunnel } from '../kpis/report.js';
import type { userView } from '../team/users-routes.js';
import type { keyView } from '../team/keys-routes.js';
import type { alertsView, ownerView } from '../routing/routes.js';
import type { Scope } from '../store/port/team.js';
import type { CompanyItem } from './companies.js';
import type { AccountItem, accountDetail, listAccounts } from '../accounts/views.js';
import type { rulesView, sitesView } from './settings-views.js';
import type { endpointView, messageView } from '../alerts/routes/views.js';
import type { Attempt } from '../store/port/alerts.js';
import type { AlertEvent } from '../alerts/events.js';
import type { Disposition } from '../events/domain.js';
import type { LeadListItem } from './leads/item.js';

export type { Disposition, Reason, Stage, LeadSummary } from '../events/domain.js';
export type { LeadListItem } from './leads/item.js';
export type { LeadDetail, SalesNote, StageChange, TimelineEvent } from './leads/detail.js';
export type { BreakdownEvent, RuleBreakdown } from '../engine/scoring/score.js';
export type { LiveMessage } from '../dashboard/live.js';
export type { BacktestReport } from '../backtest/run.js';
export type { Band, BandChange, RuleSetReport } from '../backtest/metrics.js';
export type { AlertEvent } from '../alerts/events.js';
export type { ImportReport as OutcomeImportReport, RowProblem } from '../outcomes/record.js';
export type { CsvCrm } from '../outcomes/mappings.js';
export type { WonRevenue } from '../kpis/funnel-period.js';

/** POST /api/leads/:id/disposition: a sales decision, or `reopen` to clear it. */
export type DispositionAction = Disposition | 'reopen';
export type FitGrade = LeadListItem['fitGrade'];

/** GET /api/leads */
export interface LeadPage {
  leads: LeadListItem[];
  nextCursor: string | null;
  total: number;
}

/** GET /api/companies: a company roll-up with its hottest people. */
export type Company = CompanyItem;
export type CompanyTopLead = CompanyItem['topLeads'][number];
/** GET /api/companies/:domain: the roll-up with every person, hottest first. */
export interface CompanyDetail extends Omit<CompanyItem, 'topLeads'> {
  leads: LeadListItem[];
}
export interface CompanyPage {
  companies: Company[];
  nextCursor: string | null;
}

/** GET /api/funnel */
export type Funnel = ReturnType<typeof funnel>;
export type FunnelSlice = Pick<Funnel, 'counts' | 'rates' | 'medians'>;
/** GET /api/funnel?from&to&mode&interval */
export type PeriodFunnel = Awaited<ReturnType<typeof periodFunnel>>;
export type { Mode as PeriodMode, Interval as PeriodInterval } from '../kpis/period.js';
/** GET /api/review?quarter= */
export type { Review } from '../review/compute.js';

/** GET /api/sites */
export type Site = ReturnType<typeof sitesView>['sites'][number];
/** GET /api/rules: the scoring configuration in force. */
export type RulesView = ReturnType<typeof rulesView>;

/** GET /api/dashboard */
export interface DashboardSettings {
  slaHours: number;
}

/** GET /api/webhooks and its messages and attempts. */
export type WebhookEndpoint = ReturnType<typeof endpointView>;
export type WebhookMessage = ReturnType<typeof messageView>;
export type DeliveryAttempt = Attempt;
export type WebhookEvent = AlertEvent;

/** Accounts (issue 16): GET /api/accounts and /api/accounts/:key. */
export type Account = AccountItem;
export type AccountPage = Awaited<ReturnType<typeof listAccounts>>;
export type AccountDetail = NonNullable<Awaited<ReturnType<typeof accountDetail>>>;
/** GET /api/users, /api/keys, /api/audit (admin) */
export type TeamUser = ReturnType<typeof userView>;
export type ApiKeyView = ReturnType<typeof keyView>;
export type { AuditEntry as AuditEntryView, Role, Scope } from '../store/port/team.js';

/** POST /api/outcomes/csv with `preview`: the file mapped and checked, nothing recorded. */
export interface OutcomePreview {
  rows: number;
  valid: number;
  invalid: import('../outcomes/record.js').RowProblem[];
  sample: { row: number; value: import('../outcomes/rows.js').OutcomeRow }[];
}

/** Routing (issue 15): GET /api/owners, /api/leads/:id/owner-history, /api/me/alerts, /api/me. */
export type Owner = ReturnType<typeof ownerView>;
export type { OwnerChange } from '../store/port/routing.js';
export type MyAlerts = ReturnType<typeof alertsView>;
/** The funnel's channel names, which spend rows use too. */
export type { Channel } from '../kpis/channels.js';
/** A spend row as GET /api/spend lists it (amounts in units, not cents). */
export interface SpendRowView {
  month: string;
  channel: string;
  campaign: string;
  amount: number;
  currency: string;
  updatedAt: number;
}
export type Me = { kind: 'user'; user: TeamUser } | { kind: 'key'; key: { id: number; name: string; scopes: Scope[] } } | { kind: 'token' };
