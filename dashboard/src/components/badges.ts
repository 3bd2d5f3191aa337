import { html } from 'htm/preact';
import { duration, stageLabel } from '../format.js';
import type { Disposition, FitGrade } from '../types.js';

/** Stage (or disposition) as a coloured pill; the colour comes from CSS by stage name. */
export function StageBadge({ stage }: { stage: string }) {
  return html`<span class=${`badge stage-${stage}`} data-stage=${stage}>${stageLabel(stage)}</span>`;
}

/** The lead's stage, followed by what sales did with it when they did something. */
export function LeadStage({ stage, disposition }: { stage: string; disposition: Disposition | null }) {
  return html`<span class="stage-cell">
    <${StageBadge} stage=${stage} />
    ${disposition ? html`<${StageBadge} stage=${disposition} />` : null}
  </span>`;
}

const GRADE_TITLES: Record<FitGrade, string> = {
  A: 'A — strong fit to the ideal customer profile',
  B: 'B — good fit',
  C: 'C — weak fit',
  D: 'D — poor fit',
};

export function FitGradeBadge({ grade }: { grade: FitGrade }) {
  return html`<span class=${`grade grade-${grade}`} title=${GRADE_TITLES[grade] ?? grade} aria-label=${`fit grade ${grade}`}
    >${grade}</span
  >`;
}

/** The SLA mark on an SQL that sales has not taken in time. */
export function OverdueMark({ lateMs, slaHours }: { lateMs: number; slaHours: number }) {
  return html`<span class="overdue" title=${`SQL not accepted within ${slaHours} h — ${duration(lateMs)} past the SLA`}>
    Overdue ${duration(lateMs)}
  </span>`;
}
