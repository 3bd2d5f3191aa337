import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { count } from '../format.js';
import type { PeriodFunnel } from '../types.js';

type Cac = PeriodFunnel['cac'];
type Row = Cac['total'][number];

/** An amount in its currency; no amount (nothing to divide by) reads "—". */
export const money = (n: number | null, currency: string) =>
  n === null ? '—' : new Intl.NumberFormat('en', { style: 'currency', currency, maximumFractionDigits: 2 }).format(n);

function Rows({ rows, label }: { rows: Row[]; label: (name: string) => string }) {
  return rows.map(
    (r) =>
      html`<tr key=${`${r.name} ${r.currency}`} data-cac=${r.name}>
        <th scope="row" data-label="Name">${label(r.name)}</th>
        <td class="num" data-label="Spend">${money(r.spend, r.currency)}</td>
        <td class="num" data-label="MQL">${count(r.mql)}</td>
        <td class="num" data-label="SQL">${count(r.sql)}</td>
        <td class="num" data-label="Won">${count(r.won)}</td>
        <td class="num" data-label="Per MQL">${money(r.perMql, r.currency)}</td>
        <td class="num" data-label="Per SQL">${money(r.perSql, r.currency)}</td>
        <td class="num" data-label="Per won">${money(r.perWon, r.currency)}</td>
      </tr>`,
  );
}

/** Cost per MQL, SQL and won customer per channel and campaign, by first or last touch (spend: the Spend section). */
export function CacCard({ cac, csv, channelLabel }: { cac: Cac; csv: unknown; channelLabel: (c: string) => string }) {
  const [attribution, setAttribution] = useState<'firstTouch' | 'lastTouch'>('firstTouch');
  const { channels, campaigns } = cac[attribution];
  const empty = !channels.length && !campaigns.length && !cac.total.length;
  return html`<div class="card cac">
    <h2>Acquisition cost ${csv}</h2>
    <div role="group" aria-label="CAC attribution" class="presets">
      <button type="button" aria-pressed=${attribution === 'firstTouch'} onClick=${() => setAttribution('firstTouch')}>
        First touch (original source)
      </button>
      <button type="button" aria-pressed=${attribution === 'lastTouch'} onClick=${() => setAttribution('lastTouch')}>Last touch</button>
    </div>
    ${
      empty
        ? html`<p class="muted">No spend entered for this period.</p>`
        : html`<table class="table cac-table responsive">
            <thead>
              <tr>
                <th scope="col">Channel or campaign</th>
                <th class="num" scope="col">Spend</th>
                <th class="num" scope="col">MQL</th>
                <th class="num" scope="col">SQL</th>
                <th class="num" scope="col">Won</th>
                <th class="num" scope="col">Per MQL</th>
                <th class="num" scope="col">Per SQL</th>
                <th class="num" scope="col">Per won</th>
              </tr>
            </thead>
            <tbody>
              <${Rows} rows=${channels} label=${channelLabel} />
              <${Rows} rows=${campaigns} label=${(n: string) => `Campaign: ${n}`} />
              <${Rows} rows=${cac.total} label=${() => 'All channels (blended)'} />
            </tbody>
          </table>`
    }
  </div>`;
}
