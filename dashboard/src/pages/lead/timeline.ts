import { html } from 'htm/preact';
import { clockTime, dateTime, duration } from '../../format.js';
import { safeHttpUrl } from '../../url.js';
import type { LeadDetail, TimelineEvent } from '../../types.js';
import { EVENT_KINDS, timelineRows } from './timeline-rows.js';

/** A URL from collected data: a link only when it is http(s), otherwise plain text. */
function DataLink({ url, label }: { url: string | null | undefined; label?: string | null }) {
  const safe = safeHttpUrl(url);
  const text = label || url || '';
  return safe ? html`<a href=${safe} target="_blank" rel="noopener noreferrer nofollow">${text}</a>` : html`<span>${text}</span>`;
}

function Fields({ fields }: { fields: Record<string, unknown> | null | undefined }) {
  const entries = Object.entries(fields ?? {});
  if (!entries.length) return null;
  return html`<dl class="fields">
    ${entries.map(
      ([k, v]) =>
        html`<div>
          <dt>${k}</dt>
          <dd>${v === null || v === undefined ? '—' : String(v)}</dd>
        </div>`,
    )}
  </dl>`;
}

function EventBody({ event }: { event: TimelineEvent }) {
  switch (event.type) {
    case 'pageview':
    case 'engage':
      return html`<span class="ev-title">${event.title || event.path || event.url || 'a page'}</span>
        <span class="sub">${event.path ?? ''}${event.pageClass ? html` <span class="tag">${event.pageClass}</span>` : null}</span>`;
    case 'download':
    case 'outbound':
      return html`<span class="ev-title"><${DataLink} url=${event.href} /></span
        ><span class="sub">from ${event.path ?? event.url ?? '?'}</span>`;
    case 'form':
      return html`<span class="ev-title">${event.form?.name || event.form?.id || event.name || 'a form'}</span>
        <span class="sub">on ${event.path ?? event.url ?? '?'}</span>
        <${Fields} fields=${event.form?.fields} />`;
    case 'identify':
      return html`<span class="ev-title">themselves</span><span class="sub">on ${event.path ?? event.url ?? '?'}</span
        ><${Fields} fields=${event.props} />`;
    case 'track':
      return html`<span class="ev-title">${event.name ?? 'a custom event'}</span><${Fields} fields=${event.props} />`;
    default:
      return html`<span class="ev-title">${event.name ?? event.title ?? event.path ?? ''}</span><${Fields} fields=${event.props} />`;
  }
}

/** Everything the person did, one block per browsing session, newest session first. */
export function Timeline({ sessions }: { sessions: LeadDetail['sessions'] }) {
  if (!sessions.length) return html`<p class="muted">No events.</p>`;
  const ordered = [...sessions].sort((a, b) => b.startedAt - a.startedAt);
  return html`<div class="timeline">
    ${ordered.map((s) => {
      const rows = timelineRows(s.events);
      return html`<section class="session" key=${`${s.id}-${s.startedAt}`}>
        <h3 class="session-head">
          <span>${dateTime(s.startedAt)}</span>
          <span class="muted small">${duration(s.endedAt - s.startedAt)} · ${rows.length} ${rows.length === 1 ? 'event' : 'events'}</span>
        </h3>
        <ol class="events">
          ${rows.map(({ event, engagedMs }) => {
            const kind = EVENT_KINDS[event.type] ?? { icon: '•', verb: event.type };
            return html`<li class=${`event ev-${event.type}`} id=${`event-${event.seq}`} key=${event.seq}>
              <time class="ev-time" datetime=${new Date(event.ts).toISOString()}>${clockTime(event.ts)}</time>
              <span class="ev-icon" aria-hidden="true">${kind.icon}</span>
              <div class="ev-body">
                <span class="ev-verb">${kind.verb}</span>
                <${EventBody} event=${event} />
                ${engagedMs ? html`<span class="ev-engaged">${duration(engagedMs)} on page</span>` : null}
              </div>
            </li>`;
          })}
        </ol>
      </section>`;
    })}
  </div>`;
}
