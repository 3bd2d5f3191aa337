import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { dateTime, points, relativeTime } from '../../format.js';
import { useAsync, useNow, useThrottled } from '../../hooks.js';
import { useLive } from '../../live.js';
import { navigate, type Route } from '../../router.js';
import { useSettings } from '../../settings-context.js';
import { overdueMs } from '../../sla.js';
import type { LeadDetail, LeadListItem } from '../../types.js';
import { FitGradeBadge, LeadStage, OverdueMark } from '../../components/badges.js';
import { ScoreChart } from '../../components/score-chart.js';
import { ErrorBox, Loading } from '../../components/states.js';
import { Dispositions, EraseZone } from './actions.js';
import { Breakdown } from './breakdown.js';
import { StageHistory } from './history.js';
import { Identity } from './identity.js';
import { LeadOwner } from './owner.js';
import { SalesNotes } from './notes.js';
import { Timeline } from './timeline.js';

function Header({ lead, now, slaHours }: { lead: LeadListItem; now: number; slaHours: number }) {
  const late = overdueMs(lead, now, slaHours);
  return html`<div class="lead-head card">
    <div class="lead-who">
      <h1>${lead.name || lead.email}</h1>
      <p class="muted">
        ${lead.name ? html`<span>${lead.email}</span>` : null} ${lead.title ? html`<span> · ${lead.title}</span>` : null}
        ${lead.company ? html`<span> · ${lead.company}</span>` : null}
      </p>
      <p class="lead-badges">
        <${LeadStage} stage=${lead.stage} disposition=${lead.disposition} />
        ${late !== null ? html`<${OverdueMark} lateMs=${late} slaHours=${slaHours} />` : null}
        <span class="muted small"
          >in this stage since ${dateTime(lead.stageChangedAt)} · last seen ${relativeTime(lead.lastSeenAt, now)}</span
        >
      </p>
    </div>
    <div class="lead-score" aria-label="score">
      <div class="big-score" data-score=${lead.score}>${points(lead.score)}</div>
      <div class="score-split">
        <span><strong>${points(lead.engagement)}</strong> engagement</span>
        <span><strong>${points(lead.fit)}</strong> fit <${FitGradeBadge} grade=${lead.fitGrade} /></span>
      </div>
    </div>
  </div>`;
}

/** One lead: who they are, why they score what they score, what they did, and what sales decided. */
export function LeadPage({ route }: { route: Route }) {
  const id = Number(route.params[0]);
  const now = useNow();
  const { slaHours } = useSettings();
  const detail = useAsync(() => api.lead(id), [id]);
  const [erased, setErased] = useState(false);
  const reload = useThrottled(detail.reload, 500);
  useLive((m) => {
    if (m.leadId !== id) return;
    if (m.type === 'lead.erased') setErased(true);
    else reload();
  });

  if (erased)
    return html`<section class="page">
      <h1>Erased</h1>
      <p>This person was erased. <a href="#/leads">Back to hot leads</a>.</p>
    </section>`;
  if (detail.error && !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return html`<section class="page">
      ${
        missing
          ? html`<h1>No such lead</h1>
              <p>It may have been erased. <a href="#/leads">Back to hot leads</a>.</p>`
          : html`<${ErrorBox} error=${detail.error} retry=${detail.reload} />`
      }
    </section>`;
  }
  const data: LeadDetail | null = detail.data;
  if (!data) return html`<${Loading} label="Loading lead…" />`;
  const { lead, score } = data;
  const onChanged = () => detail.reload();

  return html`<section class="page lead-page" data-lead-id=${lead.id}>
    <p class="crumbs"><a href="#/leads">← Hot leads</a></p>
    <${Header} lead=${lead} now=${now} slaHours=${slaHours} />
    <div class="card actions-card">
      <h2>Sales decision</h2>
      <${Dispositions} lead=${lead} onChanged=${onChanged} />
      <${SalesNotes} notes=${data.notes} />
    </div>
    <div class="card owner-card">
      <h2>Owner</h2>
      <${LeadOwner} lead=${lead} onChanged=${onChanged} />
    </div>
    <div class="grid-2">
      <div class="card">
        <h2>Why this score</h2>
        <${Breakdown} breakdown=${score.breakdown} engagement=${score.engagement} fit=${score.fit} reasons=${score.reasons} />
      </div>
      <div class="stack">
        <div class="card">
          <h2>Score over time</h2>
          <${ScoreChart} history=${data.scoreHistory} current=${{ at: now, score: score.total }} />
        </div>
        <div class="card">
          <h2>Stage history</h2>
          <${StageHistory} stages=${data.stages} />
        </div>
        <div class="card">
          <h2>Identity</h2>
          <${Identity} lead=${lead} now=${now} />
        </div>
      </div>
    </div>
    <div class="card">
      <h2>Timeline</h2>
      <${Timeline} sessions=${data.sessions} />
    </div>
    <${EraseZone} lead=${lead} onErased=${() => navigate('#/leads')} />
  </section>`;
}
