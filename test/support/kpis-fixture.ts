import type { ReadsFixture, Row } from './reads.js';

/** Midnight UTC of a day in 2026 (month 1–12), plus hours. */
export const at = (month: number, day: number, hours = 0) => Date.UTC(2026, month - 1, day) + hours * 3_600_000;

/** A CRM-imported action: the CRM's date, and a won deal's amount. */
interface CrmFacts {
  occurredAt: number;
  amount?: number;
  currency?: string;
}

interface KpiLead {
  id: number;
  created: number;
  mql?: number;
  sql?: number;
  stage: string;
  source?: string;
  /** [action, at, crm facts when a CRM import recorded it] in order; a history row follows each action. */
  actions?: [string, number, CrmFacts?][];
  /** The lead's owner (a user row is made once per id). */
  owner?: { id: number; name: string };
  /** First-touch browsers: [first seen, utm_source, utm_medium, referrer]. */
  browsers?: [number, string | null, string | null, string | null][];
  /** The identifying event's landing: [utm_source, utm_medium, referrer], or null when the event is gone. */
  landing?: [string | null, string | null, string | null] | null;
  /** utm_campaign of the browsers' landings and of the identifying event's (first touch, last touch). */
  campaign?: [string | null, string | null];
  /** Scores in the lead's history: at the first SQL entry (a stage row is written) and at each sales action. */
  scores?: { sql?: number; action?: number };
}

/**
 * Leads whose milestones, actions and touches the KPI tests work out by hand (see
 * collector/store/kpis.test.ts), as rows both stores' seeders insert.
 */
export function kpiFixture(leads: readonly KpiLead[]): ReadsFixture {
  const rows: ReadsFixture['rows'] = [];
  const leadRows: Row[] = [];
  let historyId = 0;
  let actionId = 0;
  let linkId = 0;
  const users = new Set<number>();
  for (const l of leads) {
    const actions = l.actions ?? [];
    const disposition = actions.reduce<string | null>((d, [a]) => (a === 'reopen' ? null : a), null);
    const lead: Row = {
      id: l.id,
      email: `p${l.id}@acme.io`,
      created_at: l.created,
      created_seq: 100 + l.id,
      source: l.source ?? 'direct',
      stage: l.stage,
      disposition,
      stage_changed_at: l.created,
      first_mql_at: l.mql ?? null,
      first_sql_at: l.sql ?? null,
      sql_since: l.stage === 'sql' ? (l.sql ?? null) : null,
    };
    leadRows.push(lead);
    rows.push({ table: 'leads', row: lead });
    if (l.owner && !users.has(l.owner.id)) {
      users.add(l.owner.id);
      const user = { id: l.owner.id, email: `u${l.owner.id}@team.io`, name: l.owner.name, role: 'sales', created_at: 0, updated_at: 0 };
      rows.push({ table: 'users', row: user });
    }
    if (l.owner) rows.push({ table: 'lead_owners', row: { lead_id: l.id, user_id: l.owner.id, assigned_at: l.created } });
    for (const [action, when, crm] of actions) {
      const source: Row = crm
        ? { source: 'crm', crm: 'hubspot', occurred_at: crm.occurredAt, amount: crm.amount ?? null, currency: crm.currency ?? null }
        : {};
      rows.push({ table: 'lead_actions', row: { id: ++actionId, lead_id: l.id, at: when, action, note: null, after_seq: 1, ...source } });
      rows.push({
        table: 'lead_history',
        row: {
          id: ++historyId,
          lead_id: l.id,
          at: when,
          kind: 'disposition',
          from_value: null,
          to_value: action === 'reopen' ? null : action,
          cause: 'sales',
          score: l.scores?.action ?? 0,
        },
      });
    }
    if (l.sql !== undefined && l.scores?.sql !== undefined)
      rows.push({
        table: 'lead_history',
        row: {
          id: ++historyId,
          lead_id: l.id,
          at: l.sql,
          kind: 'stage',
          from_value: 'mql',
          to_value: 'sql',
          cause: 'score',
          score: l.scores.sql,
        },
      });
    (l.browsers ?? []).forEach(([seen, source, medium, referrer], i) => {
      const visitor = `v${l.id}-${i}`;
      rows.push({
        table: 'visitors',
        row: {
          site: 'demo',
          id: visitor,
          first_seen_at: seen,
          last_seen_at: seen,
          first_utm_source: source,
          first_utm_medium: medium,
          first_referrer_host: referrer,
          first_utm_campaign: l.campaign?.[0] ?? null,
        },
      });
      rows.push({
        table: 'identity_links',
        row: {
          id: ++linkId,
          site: 'demo',
          visitor_id: visitor,
          lead_id: l.id,
          evidence_seq: 100 + l.id,
          linked_at: l.created,
          kind: 'email',
        },
      });
    });
    if (l.landing !== null) {
      const [source, medium, referrer] = l.landing ?? [null, null, null];
      rows.push({
        table: 'events',
        row: {
          seq: 100 + l.id,
          site: 'demo',
          event_id: `e${l.id}`,
          visitor_id: `v${l.id}-0`,
          session_id: `s${l.id}`,
          lead_id: l.id,
          type: 'identify',
          ts: l.created,
          received_at: l.created,
          referrer_host: referrer,
          utm_source: source,
          utm_medium: medium,
          utm_campaign: l.campaign?.[1] ?? null,
          props: '{}',
        },
      });
    }
  }
  return { rows, leads: leadRows, epoch: 0 };
}
