import { html } from 'htm/preact';
import { api } from '../../api.js';
import { useState } from 'preact/hooks';
import { count, signedPoints } from '../../format.js';
import { useAsync } from '../../hooks.js';
import { ErrorBox, Loading } from '../../components/states.js';
import { describeEngagementMatch, describeFitMatch, stageSentences } from './rule-words.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function RuleTable({ rules, engagement }: { rules: Obj[]; engagement: boolean }) {
  return html`<table class="table rules responsive small-table">
    <thead>
      <tr>
        <th scope="col">Rule</th>
        <th class="num" scope="col">Points</th>
        ${engagement ? html`<th scope="col">Cap</th>` : null}
        <th scope="col">Counts</th>
        <th scope="col">Why</th>
      </tr>
    </thead>
    <tbody>
      ${rules.map((r) => {
        const cap = isObj(r.cap) ? `at most ${r.cap.points} points per ${r.cap.days} days` : '—';
        return html`<tr key=${String(r.id)} data-rule=${String(r.id)}>
          <th scope="row" data-label="Rule">
            ${String(r.label ?? r.id)}
            <code class="muted small">${String(r.id)}</code> ${r.highIntent ? html` <span class="tag hot">high intent</span>` : null}
          </th>
          <td class="num strong" data-label="Points">${typeof r.points === 'number' ? signedPoints(r.points) : '—'}</td>
          ${engagement ? html`<td data-label="Cap" class="nowrap">${cap}</td>` : null}
          <td data-label="Counts" class="small">${engagement ? describeEngagementMatch(r.match) : describeFitMatch(r.match)}</td>
          <td data-label="Why" class="small muted">${typeof r.why === 'string' ? r.why : ''}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** The stage criteria, one sentence each. */
function StageCriteria({ stages }: { stages: Obj }) {
  return html`<dl class="settings-list stage-criteria">
    ${stageSentences(stages).map(
      (s) =>
        html`<div key=${s.stage}>
          <dt>${s.stage}</dt>
          <dd>${s.text}</dd>
        </div>`,
    )}
  </dl>`;
}

/** BANT: which answers count for each criterion. */
function BantCriteria({ bant }: { bant: Obj }) {
  return html`<dl class="settings-list bant-criteria">
    ${Object.entries(bant).map(
      ([key, matchers]) =>
        html`<div key=${key}>
          <dt>${key[0]!.toUpperCase() + key.slice(1)}</dt>
          <dd>${describeFitMatch(matchers)}</dd>
        </div>`,
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
      setState(
        `Rescored ${count(r.leads)} leads from ${count(r.events)} events in ${count(r.ms)} ms; ${count(r.stageChanges)} stage changes.`,
      );
      onDone();
    } catch (err) {
      setState((err as Error).message);
    }
  };
  return html`<div class=${due ? 'rescore due' : 'rescore'}>
    ${due ? html`<strong>The rules changed since leads were last scored.</strong> ` : null}
    <button type="button" class=${due ? 'small-button primary' : 'small-button'} onClick=${run} disabled=${state === 'Rescoring…'}>
      Rescore all leads
    </button>
    ${state ? html` <span class="small muted" role="status">${state}</span>` : null}
  </div>`;
}

/** The scoring rules in force, in sentences; "Rescore" replays the log after the file changed. */
export function RulesSection() {
  const rules = useAsync(() => api.rules(), []);
  const body = () => {
    if (rules.error) return html`<${ErrorBox} error=${rules.error} retry=${rules.reload} />`;
    if (!rules.data) return html`<${Loading} />`;
    const data = (isObj(rules.data) && isObj(rules.data.scoring) ? rules.data.scoring : rules.data) as Json;
    if (!isObj(data)) return html`<pre>${JSON.stringify(data, null, 2)}</pre>`;
    const { engagementRules, fitRules, bant, stages, rescoreDue, halfLifeDays } = data;
    return html`
      <${Rescore} due=${rescoreDue === true} onDone=${rules.reload} />
      ${typeof halfLifeDays === 'number' ? html`<p class="half-life">Engagement points lose half their value every <strong>${halfLifeDays} days</strong> without new activity; fit points do not fade.</p>` : null}
      ${
        isObj(stages)
          ? html`<h3>Stages</h3>
              <${StageCriteria} stages=${stages} />`
          : null
      }
      ${
        Array.isArray(engagementRules)
          ? html`<h3>Engagement rules <span class="muted small">fade with the half-life</span></h3>
              <${RuleTable} rules=${engagementRules.filter(isObj)} engagement=${true} />`
          : null
      }
      ${
        Array.isArray(fitRules)
          ? html`<h3>Fit rules <span class="muted small">do not fade</span></h3>
              <${RuleTable} rules=${fitRules.filter(isObj)} engagement=${false} />`
          : null
      }
      ${
        isObj(bant)
          ? html`<h3>BANT: answers that count</h3>
              <${BantCriteria} bant=${bant} />`
          : null
      }
    `;
  };
  return html`<div class="card">
    <h2>Scoring rules</h2>
    <p class="muted small">
      The rules come from the <code>scoring</code> section of the configuration file. Try a change on the
      <a href="#/backtest">Backtest</a> page first.
    </p>
    ${body()}
  </div>`;
}
