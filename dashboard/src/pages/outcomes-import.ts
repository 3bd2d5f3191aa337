import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { count, shortDate } from '../format.js';
import type { CsvCrm, OutcomeImportReport, OutcomePreview, RowProblem } from '../types.js';
import { ErrorBox } from '../components/states.js';

/** The CRM exports the import reads (collector/outcomes/mappings.ts), as the picker names them. */
const CRM_LABELS: Record<CsvCrm, string> = {
  hubspot: 'HubSpot (deals export)',
  salesforce: 'Salesforce (opportunity report)',
  pipedrive: 'Pipedrive (deals export)',
  generic: 'Other (generic columns)',
};

function Problems({ title, rows }: { title: string; rows: RowProblem[] }) {
  if (!rows.length) return null;
  return html`<details class="outcome-problems" open>
    <summary>${title} (${count(rows.length)})</summary>
    <ul>
      ${rows.map((p) => html`<li key=${p.row}>Row ${p.row}: ${p.reason}</li>`)}
    </ul>
  </details>`;
}

function Preview({ p }: { p: OutcomePreview }) {
  return html`<div class="outcome-preview">
    <p data-outcome-preview>${count(p.valid)} of ${count(p.rows)} rows can be imported.</p>
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">Email or CRM id</th>
          <th scope="col">Outcome</th>
          <th scope="col">Date</th>
          <th class="num" scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${p.sample.map(
          ({ row, value: v }) =>
            html`<tr key=${row}>
              <td>${row}</td>
              <td>${v.email ?? v.crmId}</td>
              <td>${v.outcome}</td>
              <td>${shortDate(v.occurredAt)}</td>
              <td class="num">${v.amount === null ? '' : `${v.currency ?? ''} ${count(v.amount)}`}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <${Problems} title="Rows that cannot be read" rows=${p.invalid} />
  </div>`;
}

function Report({ r }: { r: OutcomeImportReport }) {
  return html`<div class="outcome-report" data-outcome-report>
    <p>
      ${`${count(r.matched)} of ${count(r.rows)} rows matched a lead: ${count(r.created)} recorded, ${count(r.updated)} updated, ${count(r.unchanged)} unchanged.`}
    </p>
    <${Problems} title="Rows matching no lead" rows=${r.unmatched} />
    <${Problems} title="Rows that cannot be read" rows=${r.invalid} />
  </div>`;
}

/**
 * Outcomes from the CRM: pick the export and its CRM, see what the import would record, import.
 * Re-importing the same file changes nothing; a deal whose outcome changed is updated.
 */
export function OutcomesImport() {
  const [crm, setCrm] = useState<CsvCrm>('hubspot');
  const [csv, setCsv] = useState<string | null>(null);
  const [preview, setPreview] = useState<OutcomePreview | null>(null);
  const [report, setReport] = useState<OutcomeImportReport | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const run = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err as Error);
    }
  };
  const look = (text: string, chosen: CsvCrm) =>
    run(async () => {
      setReport(null);
      setPreview(await api.previewOutcomes(chosen, text));
    });
  const pickFile = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const text = await file.text();
    setCsv(text);
    await look(text, crm);
  };
  const pickCrm = (e: Event) => {
    const chosen = (e.target as HTMLSelectElement).value as CsvCrm;
    setCrm(chosen);
    if (csv !== null) void look(csv, chosen);
  };
  const importNow = () => run(async () => setReport(await api.importOutcomes(crm, csv!)));
  return html`<section class="card outcomes-import" aria-label="Import outcomes from your CRM">
    <h2>Outcomes from your CRM</h2>
    <p class="muted small">
      Won, lost and open deals from a CRM export become sales decisions on the matching leads (by the CRM's record id, then by email), at
      the CRM's dates; won amounts appear beside the counts. At most 1,000 rows per file.
    </p>
    <form onSubmit=${(e: Event) => e.preventDefault()}>
      <label
        >CRM
        <select name="crm" value=${crm} onChange=${pickCrm}>
          ${Object.entries(CRM_LABELS).map(([value, label]) => html`<option key=${value} value=${value}>${label}</option>`)}
        </select></label
      >
      <label>CSV export <input type="file" name="file" accept=".csv,text/csv" onChange=${pickFile} /></label>
      <button type="button" disabled=${!preview || preview.valid === 0 || report !== null} onClick=${importNow}>Import</button>
    </form>
    ${error ? html`<${ErrorBox} error=${error} />` : null}
    ${report ? html`<${Report} r=${report} />` : preview ? html`<${Preview} p=${preview} />` : null}
  </section>`;
}
