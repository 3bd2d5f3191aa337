import type { CompiledRules } from '../engine/rules/compile.js';
import type { DomainHandler, Projection } from '../writer/index.js';
import type { WriteTx } from '../store/port/index.js';
import type { AccountEvent, AccountLabel, ActivityRow, ActivityTarget } from '../store/port/accounts.js';
import { accountOf, type PersonCompany } from './membership.js';
import { dayOf } from './figures.js';
import { checkSurges, type SurgeSettings } from './surge.js';
import { ActivityBatch } from './activity-batch.js';
import { writtenLead } from '../engine/projection/written.js';
import { browserKeys } from '../events/browser-key.js';

/** The counts one event adds to its browser's day (points: the engagement rules it matches, undecayed). */
export function eventCounts(
  rules: CompiledRules,
  event: AccountEvent,
): Pick<ActivityRow, 'views' | 'pricing_views' | 'downloads' | 'forms' | 'points'> {
  let points = 0;
  for (const rule of rules.engagement) if (rule.matches(event)) points += rule.points;
  return {
    views: event.type === 'pageview' ? 1 : 0,
    pricing_views: event.type === 'pageview' && event.pageClass === 'pricing' ? 1 : 0,
    downloads: event.type === 'download' ? 1 : 0,
    forms: event.type === 'form' ? 1 : 0,
    points,
  };
}

/**
 * What the projection keeps across `applyAccountEvents` calls: the people's companies read and the
 * activity held for writing. Ingest uses one per batch; a rebuild one for all its chunks, each chunk
 * sealed as a batch of its own, so that many chunks' rows are written together in key order.
 */
export interface AccountsScope {
  people: Map<number, PersonCompany | null>;
  activity: ActivityBatch;
  /** Where rows are added and anonymous ones taken: the live table, or a rebuild's own. */
  target: ActivityTarget;
}

export const accountsScope = (tx: WriteTx): AccountsScope => ({
  people: new Map(),
  activity: new ActivityBatch((row) => tx.accounts.addActivity(row)),
  target: tx.accounts,
});

/**
 * Applies events to the account activity (in the writer's transaction, after the engine's
 * projection has attributed them to people). Returns the accounts touched. The same function
 * rebuilds the table from the log (rescore), so incremental and replayed activity are equal.
 * Without a `scope` the activity is written before it returns; with one, the batch is sealed and the
 * caller flushes it.
 */
export async function applyAccountEvents(
  rules: CompiledRules,
  tx: WriteTx,
  events: readonly AccountEvent[],
  scope?: AccountsScope,
): Promise<Set<string>> {
  const touched = new Set<string>();
  const { people, activity, target } = scope ?? accountsScope(tx);
  /** Country last saved per account in this batch: the label follows the latest event, in log order. */
  const labelled = new Map<string, string | null>();
  const checked = new Set<string>();
  const browserOf = browserKeys();
  async function personOf(leadId: number): Promise<PersonCompany | null> {
    if (!people.has(leadId)) {
      // Every lead an event of the batch names was written by the engine just before, in this transaction.
      const row = writtenLead(tx, leadId) ?? (await tx.leads.byId(leadId));
      people.set(leadId, row ? { domain: row.company_domain, name: row.company } : null);
    }
    return people.get(leadId)!;
  }
  async function label(l: AccountLabel): Promise<void> {
    if (labelled.has(l.key) && (l.country === null || labelled.get(l.key) === l.country)) return;
    labelled.set(l.key, l.country);
    await tx.accounts.saveLabel(l);
  }
  for (const event of events) {
    const leadId = event.leadId ?? 0;
    const person = leadId ? await personOf(leadId) : null;
    // Identified: the browser's anonymous history joins the person (and their company, when known).
    const browser = leadId ? browserOf(event) : '';
    if (leadId && !checked.has(browser)) {
      checked.add(browser);
      const own = person?.domain ? accountOf(event, person) : null;
      if (own) await label(own);
      await activity.settleBrowser(event.site, event.visitorId);
      for (const row of await target.takeAnonymous(event.site, event.visitorId)) {
        const key = person?.domain ? `d:${person.domain}` : row.account_key;
        // Unattributed history of a person with no company domain has no account to join.
        if (key === UNATTRIBUTED) continue;
        if (row.account_key !== UNATTRIBUTED) touched.add(row.account_key);
        touched.add(key);
        await target.addActivity({ ...row, account_key: key, lead_id: leadId });
      }
    }
    const account = accountOf(event, person);
    if (!account) {
      // An anonymous browser with no business network is kept unattributed, so that when it
      // identifies its history joins the person's account: a rebuild sees the same events already
      // stitched to the person in the log, and the two must agree.
      if (!leadId)
        activity.add(
          { account_key: UNATTRIBUTED, site: event.site, visitor_id: event.visitorId, lead_id: 0, day: dayOf(event.ts) },
          eventCounts(rules, event),
        );
      continue;
    }
    await label(account);
    touched.add(account.key);
    activity.add(
      { account_key: account.key, site: event.site, visitor_id: event.visitorId, lead_id: leadId, day: dayOf(event.ts) },
      eventCounts(rules, event),
    );
  }
  if (scope) activity.seal();
  else await activity.flush();
  return touched;
}

/** The account key of anonymous activity not (yet) attributed to any account; never listed. */
export const UNATTRIBUTED = '';

/** The writer projection, registered after the engine's: same transaction as the events. */
export function accountsProjection(rules: CompiledRules, surge: SurgeSettings): Projection {
  return {
    name: 'accounts',
    async apply(ctx, events) {
      const touched = await applyAccountEvents(rules, ctx, events);
      await checkSurges(ctx, touched, surge);
    },
  };
}

/** Erasure of a person removes them from their accounts' figures (their anonymous browsers went with their events). */
export const accountErasureHandler: DomainHandler = async (tx, event) => {
  if (event.type === 'lead.erased') await tx.accounts.forgetLead(event.leadId);
};
