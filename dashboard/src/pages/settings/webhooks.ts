import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { dateTime, relativeTime } from '../../format.js';
import { useAsync } from '../../hooks.js';
import { ALERT_EVENTS, type WebhookEndpoint } from '../../types.js';
import { Empty, ErrorBox, Loading } from '../../components/states.js';
import { Deliveries } from './deliveries.js';

const value = (e: Event) => (e.target as HTMLInputElement).value;
const eventLabel = (type: string) => ALERT_EVENTS.find((e) => e.type === type)?.label ?? type;

/** A signing secret is shown once, right after it is made; the page forgets it on "Done". */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return html`<p class="secret" role="status">
    Signing secret (shown once — store it now): <code>${secret}</code> <button type="button" class="link" onClick=${onDone}>Done</button>
  </p>`;
}

function EndpointCard({ endpoint, onChanged }: { endpoint: WebhookEndpoint; onChanged: () => void }) {
  const [log, setLog] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const fromConfig = endpoint.source === 'config';

  const run = async (label: string, action: () => Promise<string | null>) => {
    setResult(`${label}…`);
    try {
      setResult(await action());
    } catch (err) {
      setResult((err as Error).message);
    }
  };
  const test = () =>
    run('Sending a test', async () => {
      const r = await api.testWebhook(endpoint.id);
      return r.delivered
        ? `Test delivered: ${r.status} in ${r.latencyMs} ms`
        : `Test failed: ${r.error ?? (r.status ? `HTTP ${r.status}` : 'no answer')} after ${r.latencyMs} ms`;
    });
  const toggle = () =>
    run(endpoint.enabled ? 'Disabling' : 'Enabling', async () => {
      await api.updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
      onChanged();
      return null;
    });
  const rotate = () =>
    run('Making a new secret', async () => {
      const r = await api.updateWebhook(endpoint.id, { rotateSecret: true });
      setSecret(r.secret ?? null);
      return 'The old secret no longer verifies.';
    });
  const remove = () =>
    run('Deleting', async () => {
      await api.deleteWebhook(endpoint.id);
      onChanged();
      return null;
    });

  return html`<div class=${`endpoint${endpoint.enabled ? '' : ' disabled'}`} data-endpoint=${endpoint.id}>
    <div class="endpoint-head">
      <code class="endpoint-url">${endpoint.url}</code>
      <span class="tag">${endpoint.format}</span>
      ${fromConfig ? html`<span class="tag" title="Defined in the configuration file: change it there">config</span>` : null}
      <span class=${endpoint.enabled ? 'status status-delivered' : 'status status-failed'}
        >${endpoint.enabled ? 'enabled' : 'disabled'}</span
      >
    </div>
    <p class="muted small">
      Sends ${endpoint.events.length ? endpoint.events.map(eventLabel).join(', ') : 'every alert'} · added ${dateTime(endpoint.createdAt)}
      ${endpoint.failingSince ? html` · <span class="bad">failing since ${relativeTime(endpoint.failingSince, Date.now())}</span>` : null}
      ${endpoint.disabledReason ? html` · <span class="bad">${endpoint.disabledReason}</span>` : null}
    </p>
    <div class="button-row">
      <button type="button" class="small-button" onClick=${test}>Send test</button>
      <button type="button" class="small-button" aria-expanded=${log} onClick=${() => setLog(!log)}>
        ${log ? 'Hide' : 'Show'} delivery log
      </button>
      <button type="button" class="small-button" onClick=${toggle}>${endpoint.enabled ? 'Disable' : 'Enable'}</button>
      ${fromConfig ? null : html`<button type="button" class="small-button" onClick=${rotate}>New secret</button>`}
      ${
        fromConfig
          ? null
          : confirmDelete
            ? html`<span class="confirm"
                >Delete this endpoint? <button type="button" class="small-button danger" onClick=${remove}>Delete</button>
                <button type="button" class="small-button" onClick=${() => setConfirmDelete(false)}>Keep</button></span
              >`
            : html`<button type="button" class="small-button danger-outline" onClick=${() => setConfirmDelete(true)}>Delete…</button>`
      }
    </div>
    ${result ? html`<p class="small result" role="status">${result}</p>` : null}
    ${secret ? html`<${SecretOnce} secret=${secret} onDone=${() => setSecret(null)} />` : null}
    ${log ? html`<${Deliveries} endpointId=${endpoint.id} />` : null}
  </div>`;
}

function AddEndpoint({ onAdded }: { onAdded: () => void }) {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('json');
  const [events, setEvents] = useState<string[]>(['lead.entered_sql']);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toggleEvent = (type: string) => setEvents((on) => (on.includes(type) ? on.filter((t) => t !== type) : [...on, type]));
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.createWebhook({ url: url.trim(), format, events });
      setSecret(created.secret);
      setUrl('');
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return html`<form class="add-endpoint" onSubmit=${submit}>
    <label for="wh-url">Add an endpoint</label>
    <div class="inline-form">
      <input
        id="wh-url"
        type="url"
        required
        placeholder="https://hooks.example.com/kindling"
        value=${url}
        onInput=${(e: Event) => setUrl(value(e))}
        maxlength="2000"
      />
      <select aria-label="Format" value=${format} onChange=${(e: Event) => setFormat(value(e))}>
        <option value="json">JSON (signed)</option>
        <option value="slack">Slack</option>
      </select>
      <button type="submit" class="primary" disabled=${!url.trim() || !events.length}>Add</button>
    </div>
    <fieldset class="event-choice">
      <legend class="muted small">Send when a lead</legend>
      ${ALERT_EVENTS.map(
        (ev) =>
          html`<label class="check" key=${ev.type}
            ><input type="checkbox" checked=${events.includes(ev.type)} onChange=${() => toggleEvent(ev.type)} /> ${ev.label}</label
          >`,
      )}
    </fieldset>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${secret ? html`<${SecretOnce} secret=${secret} onDone=${() => setSecret(null)} />` : null}
  </form>`;
}

/** Where alerts go: endpoints, a test send, and each one's delivery log with redelivery. */
export function WebhooksSection() {
  const hooks = useAsync(() => api.webhooks(), []);
  return html`<div class="card">
    <h2>Webhook endpoints</h2>
    ${hooks.error ? html`<${ErrorBox} error=${hooks.error} retry=${hooks.reload} />` : null}
    ${!hooks.data && hooks.loading ? html`<${Loading} />` : null}
    ${hooks.data && !hooks.data.endpoints.length ? html`<${Empty}>No endpoints yet: add one to send hot leads to sales.</${Empty}>` : null}
    ${hooks.data?.endpoints.map((e) => html`<${EndpointCard} key=${e.id} endpoint=${e} onChanged=${hooks.reload} />`)}
    <${AddEndpoint} onAdded=${hooks.reload} />
  </div>`;
}
