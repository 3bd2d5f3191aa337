import { sameHistory, UPDATABLE_LEAD_COLUMNS, type LeadRow, type StoredProjection } from '../../engine/projection/store.js';
import type { LeadModel } from '../../engine/stages/lead-model.js';
import type { Transition } from '../../engine/stages/machine.js';
import type { TraitEntry } from '../../engine/rules/traits.js';
import type { LeadsTx } from '../port/engine.js';
import type { SqlOrTx } from './connect.js';
import { readRescoreInputs } from './rescore-inputs.js';

/** The stages that count a company's person as engaged (SQLite's refresh counts the same). */
const ENGAGED_STAGES = ['mql', 'near_sql', 'sql'];

/**
 * The engine's lead rows on PostgreSQL, inside the caller's transaction. Row locks are the
 * concurrency story: `lock` takes them in ascending id order, `insert` lets the unique email
 * settle a race to create a person, and every later write happens under those locks.
 */
export function createPostgresLeads(sql: SqlOrTx): LeadsTx {
  const leads: LeadsTx = {
    async byId(id) {
      const [row] = await sql<LeadRow[]>`SELECT * FROM leads WHERE id = ${id}`;
      return row ?? null;
    },
    async byEmail(email) {
      const [row] = await sql<LeadRow[]>`SELECT * FROM leads WHERE email = ${email}`;
      return row ?? null;
    },
    async lock(ids) {
      if (!ids.length) return;
      // LockRows sits above the sort, so rows are locked in id order: two units wanting the same
      // leads queue on the lowest one instead of each holding one the other needs.
      await sql`SELECT id FROM leads WHERE id = ANY(${[...ids]}::bigint[]) ORDER BY id FOR UPDATE`;
    },
    async storedModel(id) {
      const [row] = await sql<{ model: string }[]>`SELECT model FROM lead_state WHERE lead_id = ${id}`;
      return row?.model ?? null;
    },
    async model(id) {
      const json = await leads.storedModel(id);
      return json === null ? null : (JSON.parse(json) as LeadModel);
    },
    async withModel(id) {
      const [found] = await sql<(LeadRow & { lead_model: string })[]>`
        SELECT leads.*, lead_state.model AS lead_model FROM leads JOIN lead_state ON lead_state.lead_id = leads.id WHERE leads.id = ${id}`;
      if (!found) return null;
      const { lead_model, ...row } = found;
      return { row, model: JSON.parse(lead_model) as LeadModel };
    },
    async insert(row) {
      const [made] = await sql<{ id: number }[]>`
        INSERT INTO leads (email, company_domain, created_at, created_seq, stage, stage_changed_at)
        VALUES (${row.email}, ${row.company_domain}, ${row.created_at}, ${row.created_seq}, ${row.stage}, ${row.stage_changed_at})
        ON CONFLICT (email) DO NOTHING
        RETURNING id`;
      if (made) return { id: made.id, created: true };
      // Another collector created this person first (the insert waited for its commit): take
      // theirs, locked like any lead this unit steps.
      const [winner] = await sql<{ id: number }[]>`SELECT id FROM leads WHERE email = ${row.email} FOR UPDATE`;
      if (!winner) throw new Error(`lead ${row.email} conflicted on insert but is not there`);
      return { id: winner.id, created: false };
    },
    async update(row, before) {
      const changed = before ? UPDATABLE_LEAD_COLUMNS.filter((c) => before[c] !== row[c]) : UPDATABLE_LEAD_COLUMNS;
      if (!changed.length) return;
      await sql`UPDATE leads SET ${sql(row, ...changed)} WHERE id = ${row.id}`;
    },
    async saveModel(id, model, stored) {
      const json = typeof model === 'string' ? model : JSON.stringify(model);
      if (stored?.model === json) return;
      await sql`INSERT INTO lead_state (lead_id, model) VALUES (${id}, ${json})
        ON CONFLICT (lead_id) DO UPDATE SET model = excluded.model`;
    },
    async saveTrait(id: number, key: string, entry: TraitEntry, stored?: StoredProjection) {
      const value = JSON.stringify(entry.value);
      const was = stored?.traits.get(key);
      if (was && was.value === value && was.set_at === entry.setAt && was.evidence_seq === entry.seq) return;
      await sql`INSERT INTO lead_traits (lead_id, key, value, set_at, evidence_seq) VALUES (${id}, ${key}, ${value}, ${entry.setAt}, ${entry.seq})
        ON CONFLICT (lead_id, key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, evidence_seq = excluded.evidence_seq`;
    },
    async addHistory(id: number, transitions: readonly Transition[]) {
      if (!transitions.length) return;
      const col = <K extends keyof Transition>(k: K) => transitions.map((t) => t[k]);
      // One statement; ORDER BY ord hands the rows to the identity in input order, which is the history's order.
      await sql`INSERT INTO lead_history (lead_id, at, kind, from_value, to_value, cause, score)
        SELECT ${id}, at, kind, from_value, to_value, cause, score
        FROM unnest(${col('at')}::bigint[], ${col('kind')}::text[], ${col('from')}::text[], ${col('to')}::text[],
          ${col('cause')}::text[], ${col('score')}::double precision[])
          WITH ORDINALITY AS t (at, kind, from_value, to_value, cause, score, ord)
        ORDER BY ord`;
    },
    async replaceHistory(id, transitions, stored) {
      if (stored && sameHistory(stored.history, transitions)) return;
      await sql`DELETE FROM lead_history WHERE lead_id = ${id}`;
      await leads.addHistory(id, transitions);
    },
    async index(row) {
      await sql`INSERT INTO leads_search (lead_id, email, name, company) VALUES (${row.id}, ${row.email}, ${row.name ?? ''}, ${row.company ?? ''})
        ON CONFLICT (lead_id) DO UPDATE SET email = excluded.email, name = excluded.name, company = excluded.company`;
    },
    async unindex(id) {
      await sql`DELETE FROM leads_search WHERE lead_id = ${id}`;
    },
    async refreshCompany(domain) {
      // Recomputed from the company's leads (drift-free). MAX under "C" compares bytes, as SQLite does.
      const [{ people }] = await sql<[{ people: number }]>`INSERT INTO companies (domain, name, people, engaged_people, sum_fit, sum_rank)
        SELECT ${domain}, COALESCE(MAX(company COLLATE "C"), ${domain}), COUNT(*), COUNT(*) FILTER (WHERE stage = ANY(${ENGAGED_STAGES}::text[])),
          COALESCE(SUM(fit), 0), COALESCE(SUM(rank_key), 0)
        FROM leads WHERE company_domain = ${domain}
        ON CONFLICT (domain) DO UPDATE SET name = excluded.name, people = excluded.people, engaged_people = excluded.engaged_people,
          sum_fit = excluded.sum_fit, sum_rank = excluded.sum_rank
        RETURNING people`;
      // Dropped only when the roll-up found no one: a refresh after a step (its lead still there) is one round trip.
      if (people === 0) await sql`DELETE FROM companies WHERE domain = ${domain}`;
    },
    async addAction(a) {
      const c = a.crm ?? null;
      await sql`INSERT INTO lead_actions (lead_id, at, action, note, after_seq, actor, source, crm, crm_id, amount, currency, occurred_at)
        VALUES (${a.leadId}, ${a.at}, ${a.action}, ${a.note}, ${a.afterSeq}, ${a.actor ?? null}, ${c ? 'crm' : 'kindling'}, ${c?.crm ?? null},
          ${c?.crmId ?? null}, ${c?.amount ?? null}, ${c?.currency ?? null}, ${c?.occurredAt ?? null})`;
    },
    async remove(id) {
      // Cascades: state, links, visitor pointers, traits, history, actions.
      await sql`DELETE FROM leads WHERE id = ${id}`;
    },
    async dueTimers(to, limit) {
      // Ties by id: the order SQLite's (next_timer_at, rowid) index gives.
      const rows = await sql<{ id: number }[]>`SELECT id FROM leads WHERE next_timer_at <= ${to} ORDER BY next_timer_at, id LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },
    async count() {
      const [row] = await sql<{ n: number }[]>`SELECT COUNT(*)::bigint AS n FROM leads`;
      return row!.n;
    },
    inputs: (after, limit) => readRescoreInputs(sql, after, limit),
    async rescaleRanks(factor) {
      // Zero and null keys stay what they are: skipping them spares rewriting (and vacuuming) those rows.
      await sql`UPDATE leads SET rank_key = rank_key * ${factor}::double precision, top_engagement_rank = top_engagement_rank * ${factor}::double precision
        WHERE rank_key <> 0 OR top_engagement_rank IS NOT NULL`;
      await sql`UPDATE companies SET sum_rank = sum_rank * ${factor}::double precision WHERE sum_rank <> 0`;
    },
  };
  return leads;
}
