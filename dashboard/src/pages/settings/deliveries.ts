import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { dateTime } from '../../format.js';
import { useAsync, useThrottled } from '../../hooks.js';
import { useLive } from '../../live.js';

/** How often the log looks again while a message is on its way, and at most how often live events refetch it. */
export const PENDING_POLL_MS = 2000;
const LIVE_REFRESH_MS = 1000;
import type { WebhookMessage } from '../../types.js';
import { ErrorBox, Loading } from '../../components/states.js';

function Attempts({ msgId }: { msgId: string }) {
  const attempts = useAsync(() => api.attempts(msgId), [msgId]);
  if (attempts.error) return html`<${ErrorBox} error=${attempts.error} />`;
  if (!attempts.data) return html`<${Loading} />`;
  if (!attempts.data.attempts.length) return html`<p class="muted small">No attempts yet.</p>`;
  return html`<ol class="attempts">
    ${attempts.data.attempts.map(
      (a, i) =>
        html`<li key=${i}>
          <span class="muted">${dateTime(a.at)}</span>
          <span class=${a.status !== null && a.status < 300 ? 'good' : 'bad'}>${a.status ?? 'no answer'}</span>
          <span class="muted">${a.latencyMs} ms</span>
          ${a.error ? html`<span class="bad small">${a.error}</span>` : null}
        </li>`,
    )}
  </ol>`;
}

function MessageRow({ message, onRedelivered }: { message: WebhookMessage; onRedelivered: () => void }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<string | null>(null);
  const redeliver = async () => {
    setState('…');
    try {
      await api.redeliver(message.id);
      setState('queued');
      onRedelivered();
    } catch (err) {
      setState((err as Error).message);
    }
  };
  return html`
    <tr data-message=${message.id}>
      <td data-label="Created" class="nowrap">${dateTime(message.createdAt)}</td>
      <td data-label="Type"><code>${message.type}</code></td>
      <td data-label="Lead">${message.leadId !== null ? html`<a href=${`#/leads/${message.leadId}`}>#${message.leadId}</a>` : '—'}</td>
      <td data-label="Status"><span class=${`status status-${message.status}`}>${message.status}</span></td>
      <td data-label="Attempts" class="num">
        <button type="button" class="link" aria-expanded=${open} onClick=${() => setOpen(!open)}>${message.attempts}</button>
      </td>
      <td data-label="Next attempt" class="nowrap">${message.nextAttemptAt ? dateTime(message.nextAttemptAt) : '—'}</td>
      <td data-label="Last error" class="small">${message.lastError ?? ''}</td>
      <td data-label="">
        ${
          message.status === 'pending'
            ? html`<span class="muted small">on its way</span>`
            : html`<button type="button" class="small-button" onClick=${redeliver} disabled=${state === '…'}>Redeliver</button>`
        }
        ${state && state !== '…' ? html` <span class="muted small">${state}</span>` : null}
      </td>
    </tr>
    ${
      open
        ? html`<tr class="attempts-row">
            <td colspan="8"><${Attempts} msgId=${message.id} /></td>
          </tr>`
        : null
    }
  `;
}

/** The delivery log of one endpoint, newest first: every message, its attempts, redelivery, older pages on demand. */
export function Deliveries({ endpointId }: { endpointId: string | number }) {
  const first = useAsync(() => api.messages(endpointId), [endpointId]);
  const [older, setOlder] = useState<{ messages: WebhookMessage[]; nextCursor: string | null } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Live: a stage or sales change may queue an alert; attempt results are not on the live stream,
  // so the log asks again while any message of the first page is still on its way.
  const refresh = useThrottled(first.reload, LIVE_REFRESH_MS);
  useLive((m) => {
    if (m.type === 'lead.stage_changed' || m.type === 'lead.disposition_changed') refresh();
  });
  const pending = first.data?.messages.some((m) => m.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(first.reload, PENDING_POLL_MS);
    return () => clearTimeout(t);
  }, [first.data]);
  if (first.error) return html`<${ErrorBox} error=${first.error} retry=${first.reload} />`;
  if (!first.data) return html`<${Loading} />`;
  const messages = [...first.data.messages, ...(older?.messages ?? [])];
  const nextCursor = older ? older.nextCursor : (first.data.nextCursor ?? null);
  const reload = () => {
    setOlder(null);
    first.reload();
  };
  const loadOlder = async () => {
    try {
      const page = await api.messages(endpointId, nextCursor);
      setOlder({ messages: [...(older?.messages ?? []), ...page.messages], nextCursor: page.nextCursor ?? null });
    } catch (err) {
      setLoadError((err as Error).message);
    }
  };
  if (!messages.length) return html`<p class="muted small">Nothing sent to this endpoint yet.</p>`;
  return html`<div class="deliveries">
    <div class="right"><button type="button" class="small-button" onClick=${reload}>Refresh</button></div>
    <table class="table responsive small-table">
      <thead>
        <tr>
          <th scope="col">Created</th>
          <th scope="col">Type</th>
          <th scope="col">Lead</th>
          <th scope="col">Status</th>
          <th class="num" scope="col">Attempts</th>
          <th scope="col">Next attempt</th>
          <th scope="col">Last error</th>
          <th scope="col"></th>
        </tr>
      </thead>
      <tbody>
        ${messages.map((m) => html`<${MessageRow} key=${m.id} message=${m} onRedelivered=${reload} />`)}
      </tbody>
    </table>
    ${nextCursor ? html`<button type="button" class="small-button" onClick=${loadOlder}>Load older messages</button>` : null}
    ${loadError ? html`<p class="form-error">${loadError}</p>` : null}
  </div>`;
}
