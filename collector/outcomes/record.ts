import type { Actor } from '../store/port/team.js';
import type { CrmOutcome, StoredCrmOutcome } from '../store/port/outcomes.js';
import type { Action } from '../engine/stages/machine.js';
import type { EngineCore } from '../engine/projection/unit.js';
import { createUnit } from '../engine/projection/unit.js';
import type { Writer } from '../writer/index.js';
import type { OutcomeRow } from './rows.js';

/**
 * What each CRM outcome does to a lead, decided like HubSpot: a won deal makes the contact a
 * customer (won, the lead freezes), a lost deal is lost, a disqualified contact is a sales
 * rejection (the lead can requalify on new intent, like any rejection), and an open deal means
 * sales took the lead on (accepted: HubSpot's "Opportunity" lifecycle stage).
 */
export const DISPOSITION_OF: Readonly<Record<CrmOutcome, Exclude<Action, 'reopen'>>> = {
  won: 'won',
  lost: 'lost',
  disqualified: 'rejected',
  opportunity: 'accepted',
};

export interface RowProblem {
  row: number;
  reason: string;
}

/** The answer of an import: every row is counted once, as recorded (created, updated, unchanged), unmatched, or invalid. */
export interface ImportReport {
  rows: number;
  matched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmatched: RowProblem[];
  invalid: RowProblem[];
}

export type NumberedRow = { row: number; value: OutcomeRow };

const sameAnswer = (a: StoredCrmOutcome, b: OutcomeRow, leadId: number) =>
  a.leadId === leadId && a.outcome === b.outcome && a.occurredAt === b.occurredAt && a.amount === b.amount && a.currency === b.currency;

/**
 * Records the valid rows in one unit of work: each row finds its lead by CRM record id (kept at
 * the first match), then by email; a row seen before with the same answer changes nothing; a new
 * or changed answer is a sales action with source `crm` (replayed by rescore like any other) and
 * a changed one is audited with its before and after. The import itself is one audit entry.
 */
export async function recordOutcomes(
  deps: { writer: Pick<Writer, 'transact'>; core: EngineCore },
  rows: readonly NumberedRow[],
  invalid: RowProblem[],
  actor: Actor | null,
): Promise<ImportReport> {
  return deps.writer.transact(async (tx) => {
    const report: ImportReport = {
      rows: rows.length + invalid.length,
      matched: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      unmatched: [],
      invalid,
    };
    const unit = await createUnit(deps.core, tx);
    const afterSeq = await tx.events.lastSeq();
    for (const { row, value: r } of rows) {
      let leadId = r.crmId === null ? null : await tx.outcomes.leadByCrmId(r.crm, r.crmId);
      if (leadId === null && r.email !== null) leadId = await tx.outcomes.leadByEmail(r.email);
      if (leadId === null) {
        report.unmatched.push({ row, reason: r.email === null ? `no lead has ${r.crm} id ${r.crmId}` : 'no lead with this email' });
        continue;
      }
      report.matched++;
      if (r.crmId !== null) await tx.outcomes.rememberCrmId(r.crm, r.crmId, leadId);
      const identity = r.crmId ?? r.email!;
      const before = await tx.outcomes.previous(r.crm, identity);
      if (before && sameAnswer(before, r, leadId)) {
        report.unchanged++;
        continue;
      }
      const w = (await unit.open(leadId))!;
      const action = DISPOSITION_OF[r.outcome];
      const crm = { crm: r.crm, crmId: r.crmId, amount: r.amount, currency: r.currency, occurredAt: r.occurredAt };
      await tx.leads.addAction({ leadId, at: tx.now, action, note: null, afterSeq, actor: actor?.label ?? null, crm });
      unit.act(w, action);
      await tx.outcomes.save(
        { crm: r.crm, identity, leadId, outcome: r.outcome, occurredAt: r.occurredAt, amount: r.amount, currency: r.currency },
        tx.now,
      );
      if (!before) report.created++;
      else {
        report.updated++;
        if (actor) {
          const detail = { crm: r.crm, identity, from: before.outcome, to: r.outcome, occurredAt: r.occurredAt, amount: r.amount };
          await tx.audit.append({ at: tx.now, actor, action: 'outcome.updated', target: `lead:${leadId}`, detail });
        }
      }
    }
    await unit.flush();
    if (actor && report.created + report.updated > 0) {
      const { created, updated, unchanged } = report;
      const detail = { created, updated, unchanged, unmatched: report.unmatched.length, invalid: invalid.length };
      await tx.audit.append({ at: tx.now, actor, action: 'outcomes.imported', target: null, detail });
    }
    return report;
  });
}
