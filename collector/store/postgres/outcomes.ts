import type { OutcomesStore } from '../port/outcomes.js';
import { toStoredOutcome, type CrmOutcomeRow } from '../sqlite/outcomes.js';
import type { SqlOrTx } from './connect.js';

/**
 * The outcome import's stores on PostgreSQL. Two collectors importing the same row at once meet
 * at the primary keys: the CRM id's first match wins (DO NOTHING), the last save of a row wins.
 */
export function createPostgresOutcomes(sql: SqlOrTx): OutcomesStore {
  return {
    leadByCrmId: async (crm, crmId) =>
      (await sql<{ lead_id: number }[]>`SELECT lead_id FROM lead_crm_ids WHERE crm = ${crm} AND crm_id = ${crmId}`)[0]?.lead_id ?? null,
    leadByEmail: async (email) => (await sql<{ id: number }[]>`SELECT id FROM leads WHERE email = ${email}`)[0]?.id ?? null,
    async rememberCrmId(crm, crmId, leadId) {
      await sql`INSERT INTO lead_crm_ids (crm, crm_id, lead_id) VALUES (${crm}, ${crmId}, ${leadId}) ON CONFLICT (crm, crm_id) DO NOTHING`;
    },
    async previous(crm, identity) {
      const [row] = await sql<CrmOutcomeRow[]>`SELECT crm, identity, lead_id, outcome, occurred_at, amount, currency
        FROM crm_outcomes WHERE crm = ${crm} AND identity = ${identity}`;
      return row ? toStoredOutcome(row) : null;
    },
    async save(r, at) {
      await sql`INSERT INTO crm_outcomes (crm, identity, lead_id, outcome, occurred_at, amount, currency, updated_at)
        VALUES (${r.crm}, ${r.identity}, ${r.leadId}, ${r.outcome}, ${r.occurredAt}, ${r.amount}, ${r.currency}, ${at})
        ON CONFLICT (crm, identity) DO UPDATE SET lead_id = excluded.lead_id, outcome = excluded.outcome,
          occurred_at = excluded.occurred_at, amount = excluded.amount, currency = excluded.currency, updated_at = excluded.updated_at`;
    },
  };
}
