import type { DB } from '../../db/index.js';
import { asAsync } from '../port/async.js';
import type { OutcomesStore, StoredCrmOutcome } from '../port/outcomes.js';

export interface CrmOutcomeRow {
  crm: string;
  identity: string;
  lead_id: number;
  outcome: StoredCrmOutcome['outcome'];
  occurred_at: number;
  amount: number | null;
  currency: string | null;
}
export const toStoredOutcome = (r: CrmOutcomeRow): StoredCrmOutcome => ({
  crm: r.crm,
  identity: r.identity,
  leadId: r.lead_id,
  outcome: r.outcome,
  occurredAt: r.occurred_at,
  amount: r.amount,
  currency: r.currency,
});

/** The outcome import's stores on SQLite: synchronous statements in the caller's transaction. */
export function createSqliteOutcomes(db: DB): OutcomesStore {
  const byCrmId = db.prepare<[string, string], number>('SELECT lead_id FROM lead_crm_ids WHERE crm = ? AND crm_id = ?').pluck();
  const byEmail = db.prepare<[string], number>('SELECT id FROM leads WHERE email = ?').pluck();
  const remember = db.prepare('INSERT INTO lead_crm_ids (crm, crm_id, lead_id) VALUES (?, ?, ?) ON CONFLICT (crm, crm_id) DO NOTHING');
  const previous = db.prepare<[string, string], CrmOutcomeRow>(
    'SELECT crm, identity, lead_id, outcome, occurred_at, amount, currency FROM crm_outcomes WHERE crm = ? AND identity = ?',
  );
  const save = db.prepare(`INSERT INTO crm_outcomes (crm, identity, lead_id, outcome, occurred_at, amount, currency, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (crm, identity) DO UPDATE SET lead_id = excluded.lead_id, outcome = excluded.outcome,
      occurred_at = excluded.occurred_at, amount = excluded.amount, currency = excluded.currency, updated_at = excluded.updated_at`);
  const rows = {
    leadByCrmId: (crm: string, crmId: string) => byCrmId.get(crm, crmId) ?? null,
    leadByEmail: (email: string) => byEmail.get(email) ?? null,
    rememberCrmId(crm: string, crmId: string, leadId: number): void {
      remember.run(crm, crmId, leadId);
    },
    previous(crm: string, identity: string) {
      const row = previous.get(crm, identity);
      return row ? toStoredOutcome(row) : null;
    },
    save(r: StoredCrmOutcome, at: number): void {
      save.run(r.crm, r.identity, r.leadId, r.outcome, r.occurredAt, r.amount, r.currency, at);
    },
  };
  return asAsync(rows);
}
