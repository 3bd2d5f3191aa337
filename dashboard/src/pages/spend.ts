import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useAsync } from '../hooks.js';
import { ErrorBox, Loading } from '../components/states.js';
import type { Channel } from '../types.js';
import { money } from './cac.js';

/** The funnel's channels as the form names them; typed by the contract, so a channel added there must be named here. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  direct: 'Direct',
  paid_search: 'Paid search',
  paid_social: 'Paid social',
  display: 'Display',
  paid_other: 'Paid other',
  email: 'Email',
  organic_search: 'Organic search',
  review_sites: 'Review sites',
  organic_social: 'Organic social',
  affiliates: 'Affiliates',
  referral: 'Referral',
  other: 'Other',
  unknown: 'Unknown',
};

const thisMonth = () => new Date().toISOString().slice(0, 7);
const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
type Outcome = { error: string | null; details: readonly { path: string; message: string }[]; note: string | null };
const NONE: Outcome = { error: null, details: [], note: null };
const Outcome = ({ outcome }: { outcome: Outcome }) =>
  html`${
    outcome.error
      ? html`<div class="form-error" role="alert">
          ${outcome.error}
          <ul class="spend-problems">
            ${outcome.details.map((d) => html`<li>${d.path}: ${d.message}</li>`)}
          </ul>
        </div>`
      : null
  }
  ${outcome.note ? html`<p class="saved" role="status">${outcome.note}</p>` : null}`;

/** Runs a save and says what the server answered: the saved count, or its error and per-line details. */
function useSave(onSaved: () => void) {
  const [outcome, setOutcome] = useState<Outcome>(NONE);
  const run = async (work: () => Promise<{ saved: number }>) => {
    setOutcome(NONE);
    try {
      const { saved } = await work();
      setOutcome({ ...NONE, note: `Saved ${saved} row${saved === 1 ? '' : 's'}.` });
      onSaved();
    } catch (err) {
      setOutcome({ error: (err as Error).message, details: err instanceof ApiError ? err.details : [], note: null });
    }
  };
  return { outcome, run };
}

function EntryForm({ onSaved }: { onSaved: () => void }) {
  const { outcome, run } = useSave(onSaved);
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const row = {
      month: value(form, 'month'),
      channel: value(form, 'channel'),
      campaign: value(form, 'campaign'),
      amount: Number(value(form, 'amount')),
      currency: value(form, 'currency'),
    };
    void run(() => api.saveSpend([row]));
  };
  return html`<form class="card spend-form" onSubmit=${submit}>
    <h2>Add or replace a row</h2>
    <p class="muted small">The same month, channel and campaign replaces the row.</p>
    <label for="spend-month">Month</label>
    <input id="spend-month" name="month" type="month" required defaultValue=${thisMonth()} />
    <label for="spend-channel">Channel</label>
    <select id="spend-channel" name="channel">
      <option value="">(none: a campaign only)</option>
      ${Object.entries(CHANNEL_NAMES).map(([key, label]) => html`<option key=${key} value=${key}>${label}</option>`)}
    </select>
    <label for="spend-campaign">Campaign (utm_campaign, optional)</label>
    <input id="spend-campaign" name="campaign" maxlength="200" />
    <label for="spend-amount">Amount</label>
    <input id="spend-amount" name="amount" type="number" min="0" step="0.01" required />
    <label for="spend-currency">Currency</label>
    <input id="spend-currency" name="currency" required maxlength="3" defaultValue="EUR" />
    <${Outcome} outcome=${outcome} />
    <button type="submit" class="primary">Save</button>
  </form>`;
}

function CsvImport({ onSaved }: { onSaved: () => void }) {
  const { outcome, run } = useSave(onSaved);
  const pick = (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) void run(async () => api.importSpend(await file.text()));
  };
  return html`<div class="card spend-import">
    <h2>Import a CSV file</h2>
    <p class="muted small">Columns: <code>month,channel,campaign,amount,currency</code>. Rows already there are replaced.</p>
    <label for="spend-csv">CSV file</label>
    <input id="spend-csv" type="file" accept=".csv,text/csv" onChange=${pick} />
    <${Outcome} outcome=${outcome} />
  </div>`;
}

/** Marketing spend per month, channel and campaign (GET/PUT /api/spend, POST /api/spend.csv): what the CAC divides. */
export function SpendPage() {
  const [range, setRange] = useState(() => ({ from: `${new Date().getUTCFullYear()}-01`, to: thisMonth() }));
  const rows = useAsync(() => api.spend(range.from, range.to), [range.from, range.to]);
  const onRange = (key: 'from' | 'to') => (e: Event) => {
    const month = (e.currentTarget as HTMLInputElement).value;
    if (/^\d{4}-\d{2}$/.test(month)) setRange((r) => ({ ...r, [key]: month }));
  };
  return html`<section class="page spend-page">
    <h1>Marketing spend</h1>
    <p class="muted">What each channel and campaign cost per month: the funnel's acquisition cost divides it by MQLs, SQLs and wins.</p>
    <div class="card">
      <label for="spend-from">From</label>
      <input id="spend-from" type="month" value=${range.from} onChange=${onRange('from')} />
      <label for="spend-to">To</label>
      <input id="spend-to" type="month" value=${range.to} onChange=${onRange('to')} />
      ${
        rows.error
          ? html`<${ErrorBox} error=${rows.error} retry=${rows.reload} />`
          : !rows.data
            ? html`<${Loading} />`
            : !rows.data.rows.length
              ? html`<p class="muted">No spend entered for these months.</p>`
              : html`<table class="table spend-table responsive">
                  <thead>
                    <tr>
                      <th scope="col">Month</th>
                      <th scope="col">Channel</th>
                      <th scope="col">Campaign</th>
                      <th class="num" scope="col">Amount</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows.data.rows.map(
                      (r) =>
                        html`<tr key=${`${r.month} ${r.channel} ${r.campaign}`}>
                          <td data-label="Month">${r.month}</td>
                          <td data-label="Channel">${CHANNEL_NAMES[r.channel as Channel] ?? r.channel}</td>
                          <td data-label="Campaign">${r.campaign}</td>
                          <td class="num" data-label="Amount">${money(r.amount, r.currency)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
      }
    </div>
    <${EntryForm} onSaved=${rows.reload} />
    <${CsvImport} onSaved=${rows.reload} />
  </section>`;
}
