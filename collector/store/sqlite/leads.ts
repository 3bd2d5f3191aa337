import type { Statement } from 'better-sqlite3';
import type { DB } from '../../db/index.js';
import { sameHistory, UPDATABLE_LEAD_COLUMNS as UPDATABLE, type LeadRow, type StoredProjection } from '../../engine/projection/store.js';
import type { LeadModel } from '../../engine/stages/lead-model.js';
import type { Transition } from '../../engine/stages/machine.js';
import type { TraitEntry } from '../../engine/rules/traits.js';
import type { LeadsTx } from '../port/engine.js';
import { asAsync } from '../port/async.js';
import { createInputReader } from './rescore-inputs.js';
import { LEAD_COLUMNS, leadRowOf } from './lead-row.js';

/** The engine's lead tables on SQLite: synchronous statements, prepared once per database. */
export function sqliteLeadRows(db: DB) {
  const byId = db.prepare<[number], unknown[]>(`SELECT ${LEAD_COLUMNS.join(', ')} FROM leads WHERE id = ?`).raw(true);
  const byEmail = db.prepare<[string], unknown[]>(`SELECT ${LEAD_COLUMNS.join(', ')} FROM leads WHERE email = ?`).raw(true);
  const leadOf = (values: unknown[] | undefined) => (values ? leadRowOf(values) : null);
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
  const insertAction =
    db.prepare(`INSERT INTO lead_actions (lead_id, at, action, note, after_seq, actor, source, crm, crm_id, amount, currency, occurred_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const deleteLead = db.prepare('DELETE FROM leads WHERE id = ?');
  const due = db.prepare<[number, number], { id: number }>('SELECT id FROM leads WHERE next_timer_at <= ? ORDER BY next_timer_at LIMIT ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM leads');
  const rescaleLeads = db.prepare('UPDATE leads SET rank_key = rank_key * @f, top_engagement_rank = top_engagement_rank * @f');
  const rescaleCompanies = db.prepare('UPDATE companies SET sum_rank = sum_rank * ? WHERE sum_rank != 0');
  const inputs = createInputReader(db);

  const rows = {
    byId: (id: number) => leadOf(byId.get(id)),
    byEmail: (email: string) => leadOf(byEmail.get(email)),
    /** One writer at a time: nothing to lock. */
    lock: (_ids: readonly number[]) => {},
    storedModel: (id: number) => model.get(id)?.model ?? null,
    model(id: number): LeadModel | null {
      const row = model.get(id);
      return row ? (JSON.parse(row.model) as LeadModel) : null;
    },
    /**
     * Two lookups by key, not the join PostgreSQL makes (one round trip there): in process the join
     * plus splitting the model off the row cost as much as the second statement (~10 µs either way).
     */
    withModel(id: number): { row: LeadRow; model: LeadModel } | null {
      const row = leadOf(byId.get(id));
      const stored = row && model.get(id);
      return row && stored ? { row, model: JSON.parse(stored.model) as LeadModel } : null;
    },
    /** The caller looked the email up in this transaction, and no other writer runs: always created. */
    insert(row: Pick<LeadRow, 'email' | 'company_domain' | 'created_at' | 'created_seq' | 'stage' | 'stage_changed_at'>) {
      return { id: Number(insertLead.run(row).lastInsertRowid), created: true };
    },
    /**
     * Writes the row's changed columns (all of them without `before`): SQLite maintains an index on
     * UPDATE when one of its columns is in the SET list, whether or not the value changed.
     */
    update(row: LeadRow, before: LeadRow | null): void {
      const changed = before ? UPDATABLE.filter((c) => before[c] !== row[c]) : UPDATABLE;
      if (!changed.length) return;
      const params: Record<string, unknown> = { id: row.id };
      for (const c of changed) params[c] = row[c];
      updateFor(changed).run(params);
    },
    /** `stored`: what rescore read before replaying (unchanged rows are left as they are). */
    saveModel(id: number, value: LeadModel | string, stored?: StoredProjection): void {
      const json = typeof value === 'string' ? value : JSON.stringify(value);
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
      rows.addHistory(id, transitions);
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
      // Two statements, not PostgreSQL's RETURNING: in process SQLite's RETURNING cost as much as the delete it saves.
      recomputeCompany.run({ domain });
      dropEmptyCompany.run(domain);
    },
    addAction(a: Parameters<LeadsTx['addAction']>[0]): void {
      const c = a.crm ?? null;
      insertAction.run(
        a.leadId,
        a.at,
        a.action,
        a.note,
        a.afterSeq,
        a.actor ?? null,
        c ? 'crm' : 'kindling',
        c?.crm ?? null,
        c?.crmId ?? null,
        c?.amount ?? null,
        c?.currency ?? null,
        c?.occurredAt ?? null,
      );
    },
    /** Cascades: state, links, visitor pointers, traits, history, actions. */
    remove(id: number): void {
      deleteLead.run(id);
    },
    dueTimers: (to: number, limit: number) => due.all(to, limit).map((r) => r.id),
    count: () => count.get()!.n,
    inputs: (after: number, limit: number) => inputs.chunk(after, limit),
    rescaleRanks(factor: number): void {
      rescaleLeads.run({ f: factor });
      rescaleCompanies.run(factor);
    },
  };
  return rows;
}

export function createSqliteLeads(db: DB): LeadsTx {
  return asAsync(sqliteLeadRows(db));
}
