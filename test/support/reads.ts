import type { DB } from '../../collector/db/index.js';
import type { Sql } from '../../collector/store/postgres/connect.js';

/**
 * One fixture of read-model rows (leads, their detail rows, companies, visitors, webhooks) and
 * seeders that insert the very same rows into a SQLite and a PostgreSQL database, so the API's
 * reads can be asserted against one expectation on both stores.
 */
export type Row = Record<string, string | number | null>;
export interface ReadsFixture {
  rows: { table: string; row: Row }[];
  leads: Row[];
  epoch: number;
}

const STAGES = ['lead', 'mql', 'near_sql', 'sql'] as const;
const DOMAINS = ['acme.io', 'globex.com', 'initech.net', null] as const;
const FITS = [0, 5, 10, 25, -5];

/** Deterministic rows: ties in rank key and last seen, nulls, several fit groups, odd search text. */
export function readsFixture(t0: number, leadCount = 40): ReadsFixture {
  const rows: ReadsFixture['rows'] = [];
  const add = (table: string, row: Row) => rows.push({ table, row });
  const leads: Row[] = [];
  for (let id = 1; id <= leadCount; id++) {
    const stage = STAGES[(id * 3) % 4]!;
    const domain = DOMAINS[id % 4]!;
    const reachedMql = stage !== 'lead';
    const lead: Row = {
      id,
      email: id === 3 ? 'zed@x.io' : `person${id}@${domain ?? 'gmail.com'}`,
      name: id === 3 ? 'Io Smith' : id % 6 === 0 ? null : `Person ${id}`,
      title: null,
      company: id === 4 ? '50% Off_Co' : domain ? domain.split('.')[0]!.toUpperCase() : null,
      company_domain: domain,
      created_at: t0 + id,
      created_seq: id,
      first_seen_at: t0,
      last_seen_at: id % 5 === 0 ? null : t0 + (id % 6) * 1000,
      first_touch_at: null,
      source: ['google', 'linkedin', 'direct'][id % 3]!,
      campaign: id % 2 ? 'spring' : null,
      stage,
      disposition: id % 7 === 0 ? 'won' : id % 9 === 0 ? 'rejected' : null,
      stage_changed_at: t0 + id,
      sql_since: stage === 'sql' ? t0 + id : null,
      first_mql_at: reachedMql ? t0 + 1000 * id : null,
      first_sql_at: stage === 'sql' || stage === 'near_sql' ? t0 + 3000 * id : null,
      fit: FITS[id % FITS.length]!,
      rank_key: ((id * 37) % 11) * 1.5,
      top_engagement_reason: null,
      top_engagement_rank: null,
      top_fit_reason: null,
      top_fit_points: null,
      next_timer_at: null,
    };
    leads.push(lead);
    add('leads', lead);
    add('leads_search', { lead_id: id, email: lead.email!, name: lead.name ?? '', company: lead.company ?? '' });
    add('lead_state', { lead_id: id, model: JSON.stringify({ traits: {}, n: id }) });
  }
  for (const domain of DOMAINS) {
    if (!domain) continue;
    const people = leads.filter((l) => l.company_domain === domain);
    add('companies', {
      domain,
      name: domain.split('.')[0]!.toUpperCase(),
      people: people.length,
      engaged_people: people.filter((l) => l.stage !== 'lead').length,
      sum_fit: people.reduce((s, l) => s + (l.fit as number), 0),
      sum_rank: people.reduce((s, l) => s + (l.rank_key as number), 0),
    });
  }
  // Lead 1's detail, its rows inserted out of order so the reads' ORDER BY is what sorts them.
  for (const [seq, ts] of [
    [3, t0 + 50],
    [1, t0 + 10],
    [2, t0 + 20],
  ] as const)
    add('events', {
      seq,
      site: 'demo',
      event_id: `e${seq}`,
      visitor_id: 'v1',
      session_id: 's1',
      lead_id: 1,
      type: 'pageview',
      ts,
      received_at: ts,
      url: 'https://demo.test/pricing',
      path: '/pricing',
      page_class: 'pricing',
      title: `Pricing ${seq}`,
      props: '{}',
    });
  add('events', {
    seq: 4,
    site: 'demo',
    event_id: 'e4',
    visitor_id: 'v9',
    lead_id: null,
    type: 'pageview',
    ts: t0,
    received_at: t0,
    props: '{}',
  });
  add('lead_traits', { lead_id: 1, key: 'title', value: '"CTO"', set_at: t0 + 5, evidence_seq: 2 });
  add('lead_traits', { lead_id: 1, key: 'company_size', value: '120', set_at: t0 + 6, evidence_seq: 3 });
  add('identity_links', { id: 2, site: 'demo', visitor_id: 'v2', lead_id: 1, evidence_seq: 3, linked_at: t0 + 50, kind: 'email' });
  add('identity_links', { id: 1, site: 'demo', visitor_id: 'v1', lead_id: 1, evidence_seq: 2, linked_at: t0 + 20, kind: 'email' });
  add('lead_history', { id: 2, lead_id: 1, at: t0 + 20, kind: 'stage', from_value: 'lead', to_value: 'mql', cause: 'event', score: 41.5 });
  add('lead_history', { id: 1, lead_id: 1, at: t0 + 20, kind: 'stage', from_value: null, to_value: 'lead', cause: 'event', score: 3 });
  add('lead_history', {
    id: 3,
    lead_id: 1,
    at: t0 + 10,
    kind: 'disposition',
    from_value: null,
    to_value: 'won',
    cause: 'sales',
    score: 50,
  });
  // One note by a signed-in user (the author shown with it), one from before notes had authors.
  add('lead_actions', {
    id: 1,
    lead_id: 1,
    at: t0 + 30,
    action: 'accepted',
    note: 'call on Monday',
    after_seq: 2,
    actor: 'ann@acme.example',
  });
  add('lead_actions', { id: 2, lead_id: 1, at: t0 + 40, action: 'reopen', note: null, after_seq: 3 });
  add('lead_actions', { id: 3, lead_id: 1, at: t0 + 30, action: 'won', note: 'signed', after_seq: 3 });
  for (const id of ['v1', 'v2', 'v9', 'v10']) add('visitors', { site: 'demo', id, first_seen_at: t0, last_seen_at: t0 });
  add('visitor_leads', { site: 'demo', visitor_id: 'v1', lead_id: 1 });
  add('visitor_leads', { site: 'demo', visitor_id: 'v2', lead_id: 1 });
  // Webhooks: two endpoints, messages with tied creation times, attempts.
  for (const id of [2, 1])
    add('webhook_endpoints', {
      id,
      url: `https://hooks.test/${id}`,
      secret: `whsec_${id}`,
      format: 'json',
      events: '["lead.sql"]',
      enabled: id === 1 ? 1 : 0,
      disabled_reason: id === 1 ? null : 'manual',
      source: 'api',
      failing_since: null,
      created_at: t0,
      updated_at: t0 + id,
    });
  for (const [id, at, status] of [
    ['msg_b', t0 + 10, 'pending'],
    ['msg_a', t0 + 10, 'delivered'],
    ['msg_c', t0 + 20, 'failed'],
    ['msg_d', t0 + 5, 'delivered'],
  ] as const)
    add('webhook_messages', {
      id,
      endpoint_id: 1,
      type: 'lead.sql',
      lead_id: 1,
      body: '{}',
      status,
      attempts: 1,
      retry_step: 1,
      next_attempt_at: status === 'pending' ? t0 + 60 : null,
      last_error: null,
      created_at: at,
      delivered_at: status === 'delivered' ? at + 1 : null,
    });
  add('webhook_attempts', { id: 2, message_id: 'msg_a', at: t0 + 12, status: 200, latency_ms: 40, error: null });
  add('webhook_attempts', { id: 1, message_id: 'msg_a', at: t0 + 11, status: null, latency_ms: 5000, error: 'timeout' });
  return { rows, leads, epoch: t0 };
}

/** Inserts the fixture's rows into a migrated SQLite database (the search table keys by rowid). */
export function seedSqlite(db: DB, fixture: ReadsFixture): void {
  db.transaction(() => {
    for (const { table, row } of fixture.rows) {
      const values = table === 'leads_search' ? { rowid: row.lead_id!, email: row.email!, name: row.name!, company: row.company! } : row;
      const columns = Object.keys(values);
      // Table and column names are the fixture's constants, never input.
      db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(values);
    }
  })();
}

/** Inserts the fixture's rows into a migrated PostgreSQL database (flags become booleans). */
export async function seedPostgres(sql: Sql, fixture: ReadsFixture): Promise<void> {
  await sql.begin(async (tx) => {
    for (const { table, row } of fixture.rows) {
      const values = table === 'webhook_endpoints' ? { ...row, enabled: row.enabled === 1 } : row;
      await tx`INSERT INTO ${tx(table)} ${tx(values as Record<string, string | number | boolean | null>)}`;
    }
  });
}

/** Copies whole tables of a SQLite database into a migrated PostgreSQL one, in the order given (parents first). */
export async function copyTables(db: DB, sql: Sql, tables: readonly string[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (const table of tables) {
      // The table names are the caller's constants, never input.
      const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, string | number | null>[];
      for (let i = 0; i < rows.length; i += 500) await tx`INSERT INTO ${tx(table)} ${tx(rows.slice(i, i + 500))}`;
    }
  });
}
