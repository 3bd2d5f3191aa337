import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAsync } from '../hooks.js';
import { ErrorBox, Loading } from '../components/states.js';
import type { MyAlerts, WebhookEvent } from '../types.js';
import { useMe } from '../me-context.js';
import { ChangePasswordForm } from './change-password.js';

/** The events a person can be alerted about on their own channels (the server's PERSONAL_EVENTS), as the page names them. */
export const PERSONAL_EVENTS: { type: WebhookEvent; label: string }[] = [
  { type: 'lead.entered_sql', label: 'One of my leads entered SQL' },
  { type: 'lead.entered_near_sql', label: 'One of my leads entered near-SQL' },
  { type: 'lead.fell_back', label: 'One of my leads fell back a stage' },
  { type: 'lead.overdue', label: 'One of my SQLs is overdue (not acted on in time)' },
];

type Draft = Pick<MyAlerts, 'email' | 'slackWebhookUrl' | 'events' | 'digest'>;
const draftOf = (a: MyAlerts): Draft => ({ email: a.email, slackWebhookUrl: a.slackWebhookUrl, events: a.events, digest: a.digest });

function AlertsForm({ saved, onSaved }: { saved: MyAlerts; onSaved: (next: MyAlerts) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [slack, setSlack] = useState(saved.slackWebhookUrl ?? '');
  const [state, setState] = useState<{ busy: boolean; error: string | null; done: boolean }>({ busy: false, error: null, done: false });
  useEffect(() => {
    setDraft(draftOf(saved));
    setSlack(saved.slackWebhookUrl ?? '');
  }, [saved]);
  // Updates from the draft as it is, not as this render saw it: quick clicks each count.
  const change = (patch: (d: Draft) => Partial<Draft>) => setDraft((d) => ({ ...d, ...patch(d) }));
  const toggle = (type: WebhookEvent) =>
    change((d) => ({ events: d.events.includes(type) ? d.events.filter((e) => e !== type) : [...d.events, type] }));
  const save = async (e: Event) => {
    e.preventDefault();
    setState({ busy: true, error: null, done: false });
    try {
      onSaved(await api.saveMyAlerts({ ...draft, slackWebhookUrl: slack.trim() || null }));
      setState({ busy: false, error: null, done: true });
    } catch (err) {
      // The server's words (an unreachable or private Slack URL, email without SMTP) are the useful ones.
      setState({ busy: false, error: (err as Error).message, done: false });
    }
  };
  return html`<form class="card my-alerts-form" onSubmit=${save}>
    <h2>Channels</h2>
    <label class="check"
      ><input
        type="checkbox"
        name="email"
        checked=${draft.email}
        disabled=${!saved.emailConfigured && !draft.email}
        onChange=${(e: Event) => change(() => ({ email: (e.target as HTMLInputElement).checked }))}
      />
      Email me${saved.emailAddress ? html` at <strong>${saved.emailAddress}</strong>` : null}</label
    >
    <p class="muted small email-status">
      ${saved.emailConfigured ? 'Email is set up on this Kindling.' : 'Email is not set up on this Kindling (no smtp block in its configuration): ask an admin.'}
    </p>
    <label for="slack-url">My Slack incoming webhook URL</label>
    <input
      id="slack-url"
      name="slackWebhookUrl"
      type="url"
      placeholder="https://hooks.slack.com/services/…"
      value=${slack}
      maxlength="2000"
      onInput=${(e: Event) => setSlack((e.target as HTMLInputElement).value)}
    />
    <p class="muted small">Leave empty for no Slack messages.</p>
    ${saved.disabled.map(
      (d) =>
        html`<p class="form-error channel-disabled" data-channel=${d.channel}>
          Your ${d.channel} channel was turned off after failed deliveries${d.reason ? `: ${d.reason}` : ''}. Saving turns it on again.
        </p>`,
    )}
    <h2>Tell me when</h2>
    ${PERSONAL_EVENTS.map(
      (ev) =>
        html`<label class="check"
          ><input
            type="checkbox"
            name="events"
            value=${ev.type}
            checked=${draft.events.includes(ev.type)}
            onChange=${() => toggle(ev.type)}
          />
          ${ev.label}</label
        >`,
    )}
    <h2>Daily digest</h2>
    <label class="check"
      ><input
        type="checkbox"
        name="digest"
        checked=${draft.digest}
        onChange=${(e: Event) => change(() => ({ digest: (e.target as HTMLInputElement).checked }))}
      />
      Email me a daily digest: new hot leads, leads that fell back, overdue SQLs</label
    >
    ${state.error ? html`<p class="form-error" role="alert">${state.error}</p>` : null}
    ${state.done ? html`<p class="saved" role="status">Saved.</p>` : null}
    <button type="submit" class="primary" disabled=${state.busy}>${state.busy ? 'Saving…' : 'Save'}</button>
  </form>`;
}

/** My alerts: where and about what Kindling tells me when one of my leads moves (GET/PUT /api/me/alerts). */
export function MyAlertsPage() {
  const alerts = useAsync(() => api.myAlerts(), []);
  const [saved, setSaved] = useState<MyAlerts | null>(null);
  const current = saved ?? alerts.data;
  // The admin token is no one: it has no password to change.
  const me = useMe();
  return html`<section class="page my-alerts-page">
    <h1>My alerts</h1>
    <p class="muted">When a lead you own moves, Kindling tells you here. Leads no one owns go to the team's webhooks.</p>
    ${
      alerts.error && !current
        ? html`<${ErrorBox} error=${alerts.error} retry=${alerts.reload} />`
        : current
          ? html`<${AlertsForm} saved=${current} onSaved=${setSaved} />`
          : html`<${Loading} />`
    }
    ${me ? html`<${ChangePasswordForm} />` : null}
  </section>`;
}
