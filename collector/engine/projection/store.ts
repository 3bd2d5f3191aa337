import type { DB } from '../../db/index.js';
import type { Statement } from 'better-sqlite3';
import { rowToEvent, type EventRow } from '../../events/rows.js';
import type { StoredEvent } from '../../events/types.js';
import type { Disposition } from '../../events/domain.js';
import type { LeadStage } from '../stages/criteria.js';
import type { LeadModel } from '../stages/lead-model.js';
import type { Transition } from '../stages/machine.js';
import type { TraitEntry } from '../rules/traits.js';

/** The `leads` row. */
export interface LeadRow {
  id: number;
  email: string;
  name: string | null;
  title: string | null;
  company: string | null;
  company_domain: string | null;
  created_at: number;
  created_seq: number;
  first_seen_at: number | null;
  last_seen_at: number | null;
  first_touch_at: number | null;
  source: string;
  campaign: string | null;
  stage: LeadStage;
  disposition: Disposition | null;
  stage_changed_at: number;
  sql_since: number | null;
  first_mql_at: number | null;
  first_sql_at: number | null;
  fit: number;
  rank_key: number;
  top_engagement_reason: string | null;
  top_engagement_rank: number | null;
  top_fit_reason: string | null;
  top_fit_points: number | null;
  next_timer_at: number | null;
}

/** A lead's derived rows as stored, read by rescore to skip rewriting the ones that come out the same. */
export interface StoredProjection {
  /** The model's JSON, or null when the lead has no stored state. */
  model: string | null;
  history: { at: number; kind: string; from_value: string | null; to_value: string | null; cause: string; score: number }[];
  traits: Map<string, { value: string; set_at: number; evidence_seq: number | null }>;
}

export const sameHistory = (stored: StoredProjection['history'], transitions: readonly Transition[]) =>
  stored.length === transitions.length &&
  transitions.every((t, i) => {
    const h = stored[i]!;
    return (
      h.at === t.at && h.kind === t.kind && h.from_value === t.from && h.to_value === t.to && h.cause === t.cause && h.score === t.score
    );
  });

/** The columns the projection writes; an UPDATE names only those that changed (see `update`); both stores use it. */
export const UPDATABLE_LEAD_COLUMNS = [
  'name',
  'title',
  'company',
  'first_seen_at',
  'last_seen_at',
  'first_touch_at',
  'source',
  'campaign',
  'stage',
  'disposition',
  'stage_changed_at',
  'sql_since',
  'first_mql_at',
  'first_sql_at',
  'fit',
  'rank_key',
  'top_engagement_reason',
  'top_engagement_rank',
  'top_fit_reason',
  'top_fit_points',
  'next_timer_at',
] as const satisfies readonly (keyof LeadRow)[];

/** Prepared statements for the engine's tables (prepared once per database). */
export function createLeadStore(db: DB) {
  const byId = db.prepare<[number], LeadRow>('SELECT * FROM leads WHERE id = ?');
  const byEmail = db.prepare<[string], LeadRow>('SELECT * FROM leads WHERE email = ?');
  const events = db.prepare<[number], EventRow>('SELECT * FROM events WHERE lead_id = ? ORDER BY seq');
  const eventsFrom = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE lead_id = ? AND seq >= ? ORDER BY seq');
  const model = db.prepare<[number], { model: string }>('SELECT model FROM lead_state WHERE lead_id = ?');
  const insertLead = db.prepare(`INSERT INTO leads (email, company_domain, created_at, created_seq, stage, stage_changed_at)
    VALUES (@email, @company_domain, @created_at, @created_seq, @stage, @stage_changed_at)`);
  /** One statement per set of changed columns (names from the fixed list above, never from input). */
  const updates = new Map<string, Statement>();
  const updateFor = (columns: readonly string[]) => {
    const key = columns.join(',');
    let stmt = updates.get(key);
    if (!stmt) updates.set(key, (stmt = db.prepare(`UPDATE leads SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)));
    return stmt;
  };
  const saveModel = db.prepare(
    'INSERT INTO lead_state (lead_id, model) VALUES (?, ?) ON CONFLICT (lead_id) DO UPDATE SET model = excluded.model',
  );
  const upsertTrait = db.prepare(`INSERT INTO lead_traits (lead_id, key, value, set_at, evidence_seq) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (lead_id, key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, evidence_seq = excluded.evidence_seq`);
  const insertHistory = db.prepare(
    'INSERT INTO lead_history (lead_id, at, kind, from_value, to_value, cause, score) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const clearHistory = db.prepare('DELETE FROM lead_history WHERE lead_id = ?');
  const deleteSearch = db.prepare('DELETE FROM leads_search WHERE rowid = ?');
  const insertSearch = db.prepare('INSERT INTO leads_search (rowid, email, name, company) VALUES (?, ?, ?, ?)');
  const recomputeCompany = db.prepare(`INSERT INTO companies (domain, name, people, engaged_people, sum_fit, sum_rank)
    SELECT @domain, COALESCE(MAX(company), @domain), COUNT(*), COALESCE(SUM(stage IN ('mql', 'near_sql', 'sql')), 0), COALESCE(SUM(fit), 0), COALESCE(SUM(rank_key), 0)
    FROM leads WHERE company_domain = @domain
    ON CONFLICT (domain) DO UPDATE SET name = excluded.name, people = excluded.people, engaged_people = excluded.engaged_people,
      sum_fit = excluded.sum_fit, sum_rank = excluded.sum_rank`);
  const dropEmptyCompany = db.prepare('DELETE FROM companies WHERE domain = ? AND people = 0');

  return {
    byId: (id: number) => byId.get(id) ?? null,
    byEmail: (email: string) => byEmail.get(email) ?? null,
    /** All the lead's events, in log order. */
    events: (id: number): StoredEvent[] => events.all(id).map(rowToEvent),
    /** The lead's events from log position `seq` on (a late event's re-fold reads only these). */
    eventsFrom: (id: number, seq: number): StoredEvent[] => eventsFrom.all(id, seq).map(rowToEvent),
    model(id: number): LeadModel | null {
      const row = model.get(id);
      return row ? (JSON.parse(row.model) as LeadModel) : null;
    },
    insert(row: Pick<LeadRow, 'email' | 'company_domain' | 'created_at' | 'created_seq' | 'stage' | 'stage_changed_at'>): number {
      return Number(insertLead.run(row).lastInsertRowid);
    },
    /**
     * Writes the row's changed columns (all of them without `before`): SQLite maintains an index on
     * UPDATE when one of its columns is in the SET list, whether or not the value changed.
     */
    update(row: LeadRow, before: LeadRow | null): void {
      const changed = before ? UPDATABLE_LEAD_COLUMNS.filter((c) => before[c] !== row[c]) : UPDATABLE_LEAD_COLUMNS;
      if (!changed.length) return;
      const params: Record<string, unknown> = { id: row.id };
      for (const c of changed) params[c] = row[c];
      updateFor(changed).run(params);
    },
    /** `stored`: what rescore read before replaying (unchanged rows are left as they are). */
    saveModel(id: number, value: LeadModel, stored?: StoredProjection): void {
      const json = JSON.stringify(value);
      if (stored?.model !== json) saveModel.run(id, json);
    },
    saveTrait(id: number, key: string, entry: TraitEntry, stored?: StoredProjection): void {
      const value = JSON.stringify(entry.value);
      const was = stored?.traits.get(key);
      if (was && was.value === value && was.set_at === entry.setAt && was.evidence_seq === entry.seq) return;
      upsertTrait.run(id, key, value, entry.setAt, entry.seq);
    },
    addHistory(id: number, transitions: readonly Transition[]): void {
      for (const t of transitions) insertHistory.run(id, t.at, t.kind, t.from, t.to, t.cause, t.score);
    },
    replaceHistory(id: number, transitions: readonly Transition[], stored?: StoredProjection): void {
      if (stored && sameHistory(stored.history, transitions)) return;
      clearHistory.run(id);
      this.addHistory(id, transitions);
    },
    index(row: Pick<LeadRow, 'id' | 'email' | 'name' | 'company'>): void {
      deleteSearch.run(row.id);
      insertSearch.run(row.id, row.email, row.name ?? '', row.company ?? '');
    },
    unindex(id: number): void {
      deleteSearch.run(id);
    },
    /** Recomputes a company's roll-up from its leads (drift-free; O(people of that company)). */
    refreshCompany(domain: string): void {
      recomputeCompany.run({ domain });
      dropEmptyCompany.run(domain);
    },
  };
}
export type LeadStore = ReturnType<typeof createLeadStore>;
