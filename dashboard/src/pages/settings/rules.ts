import { html } from 'htm/preact';
import { api } from '../../api.js';
import { useState } from 'preact/hooks';
import { count, signedPoints } from '../../format.js';
import { useAsync } from '../../hooks.js';
import { ErrorBox, Loading } from '../../components/states.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A matcher or criteria object in words: `types: pageview · pageClasses: pricing`. */
export function describeMatch(match: Json | undefined): string {
  if (match === undefined || match === null) return '—';
  if (Array.isArray(match)) return match.map(describeMatch).join('  or  ');
  if (!isObj(match)) return String(match);
  return Object.entries(match)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map((x) => (isObj(x) ? describeMatch(x) : String(x))).join(', ') : isObj(v) ? `(${describeMatch(v)})` : String(v)}`)
    .join(' · ');
}

function RuleTable({ rules, engagement }: { rules: Obj[]; engagement: boolean }) {
  return html`<table class="table rules responsive small-table">
    <thead><tr>
      <th scope="col">Rule</th><th class="num" scope="col">Points</th>${engagement ? html`<th scope="col">Cap</th>` : null}
      <th scope="col">Matches</th><th scope="col">Why</th>
    </tr></thead>
    <tbody>
      ${rules.map((r) => {
        const cap = isObj(r.cap) ? `≤ ${r.cap.points} per ${r.cap.days} d` : '—';
        return html`<tr key=${String(r.id)} data-rule=${String(r.id)}>
          <th scope="row" data-label="Rule">${String(r.label ?? r.id)} <code class="muted small">${String(r.id)}</code>
            ${r.highIntent ? html` <span class="tag hot">high intent</span>` : null}</th>
          <td class="num strong" data-label="Points">${typeof r.points === 'number' ? signedPoints(r.points) : '—'}</td>
          ${engagement ? html`<td data-label="Cap" class="nowrap">${cap}</td>` : null}
          <td data-label="Matches" class="small"><code>${describeMatch(r.match)}</code></td>
          <td data-label="Why" class="small muted">${typeof r.why === 'string' ? r.why : ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** Any other setting, as a plain definition list. */
function Settings({ value }: { value: Obj }) {
  return html`<dl class="settings-list">
    ${Object.entries(value).map(
      ([k, v]) => html`<div key=${k}><dt>${k}</dt><dd>${isObj(v) || Array.isArray(v) ? html`<code>${describeMatch(v)}</code>` : String(v)}</dd></div>`,
    )}
  </dl>`;
}

/** Replays every lead's events under the rules in force (after the configuration changed). */
function Rescore({ due, onDone }: { due: boolean; onDone: () => void }) {
  const [state, setState] = useState<string | null>(null);
  const run = async () => {
    setState('Rescoring…');
    try {
      const r = await api.rescore();
      setState(`Rescored ${count(r.leads)} leads from ${count(r.events)} events in ${count(r.ms)} ms; ${count(r.stageChanges)} stage changes.`);
      onDone();
    } catch (err) {
      setState((err as Error).message);
    }
  };
  return html`<div class=${due ? 'rescore due' : 'rescore'}>
    ${due ? html`<strong>The rules changed since leads were last scored.</strong> ` : null}
    <button type="button" class=${due ? 'small-button primary' : 'small-button'} onClick=${run} disabled=${state === 'Rescoring…'}>Rescore all leads</button>
    ${state ? html` <span class="small muted" role="status">${state}</span>` : null}
  </div>`;
}

/** The scoring rules in force, read-only: change them in the configuration file and rescore. */
export function RulesSection() {
  const rules = useAsync(() => api.rules(), []);
  const body = () => {
    if (rules.error) return html`<${ErrorBox} error=${rules.error} retry=${rules.reload} />`;
    if (!rules.data) return html`<${Loading} />`;
    const data = (isObj(rules.data) && isObj(rules.data.scoring) ? rules.data.scoring : rules.data) as Json;
    if (!isObj(data)) return html`<pre>${JSON.stringify(data, null, 2)}</pre>`;
    const { engagementRules, fitRules, bant, stages, rescoreDue, fingerprint: _fingerprint, ...rest } = data;
    return html`
      <${Rescore} due=${rescoreDue === true} onDone=${rules.reload} />
      ${Object.keys(rest).length ? html`<h3>Scoring</h3><${Settings} value=${rest} />` : null}
      ${isObj(stages) ? html`<h3>Stages</h3><${Settings} value=${stages} />` : null}
      ${Array.isArray(engagementRules) ? html`<h3>Engagement rules <span class="muted small">decay with the half-life</span></h3><${RuleTable} rules=${engagementRules.filter(isObj)} engagement=${true} />` : null}
      ${Array.isArray(fitRules) ? html`<h3>Fit rules <span class="muted small">do not decay</span></h3><${RuleTable} rules=${fitRules.filter(isObj)} engagement=${false} />` : null}
      ${isObj(bant) ? html`<h3>BANT criteria</h3><${Settings} value=${bant} />` : null}
    `;
  };
  return html`<div class="card">
    <h2>Scoring rules</h2>
    <p class="muted small">Read-only. Change them in <code>kindling.config.json</code>, restart, and rescore.</p>
    ${body()}
  </div>`;
}
