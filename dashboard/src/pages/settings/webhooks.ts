import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { dateTime } from '../../format.js';
import { useAsync } from '../../hooks.js';
import type { WebhookEndpoint } from '../../types.js';
import { Empty, ErrorBox, Loading } from '../../components/states.js';
import { Deliveries } from './deliveries.js';

const value = (e: Event) => (e.target as HTMLInputElement).value;

function EndpointCard({ endpoint, onChanged }: { endpoint: WebhookEndpoint; onChanged: () => void }) {
  const [log, setLog] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

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
      return r.delivered ? `Test delivered: ${r.status} in ${r.latencyMs} ms` : `Test failed${r.status ? `: ${r.status}` : ''} after ${r.latencyMs} ms`;
    });
  const toggle = () =>
    run(endpoint.enabled ? 'Disabling' : 'Enabling', async () => {
      await api.updateWebhook(endpoint.id, { enabled: !endpoint.enabled });
      onChanged();
      return null;
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
      <span class=${endpoint.enabled ? 'status status-delivered' : 'status status-failed'}>${endpoint.enabled ? 'enabled' : 'disabled'}</span>
    </div>
    <p class="muted small">
      ${endpoint.events.length ? `Sends ${endpoint.events.join(', ')}` : 'Sends every alert'} · added ${dateTime(endpoint.createdAt)}
      ${endpoint.disabledReason ? html` · <span class="bad">${endpoint.disabledReason}</span>` : null}
    </p>
    <div class="button-row">
      <button type="button" class="small-button" onClick=${test}>Send test</button>
      <button type="button" class="small-button" aria-expanded=${log} onClick=${() => setLog(!log)}>${log ? 'Hide' : 'Show'} delivery log</button>
      <button type="button" class="small-button" onClick=${toggle}>${endpoint.enabled ? 'Disable' : 'Enable'}</button>
      ${confirmDelete
        ? html`<span class="confirm">Delete this endpoint? <button type="button" class="small-button danger" onClick=${remove}>Delete</button>
            <button type="button" class="small-button" onClick=${() => setConfirmDelete(false)}>Keep</button></span>`
        : html`<button type="button" class="small-button danger-outline" onClick=${() => setConfirmDelete(true)}>Delete…</button>`}
    </div>
    ${result ? html`<p class="small result" role="status">${result}</p>` : null}
    ${log ? html`<${Deliveries} endpointId=${endpoint.id} />` : null}
  </div>`;
}

function AddEndpoint({ onAdded }: { onAdded: () => void }) {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState('json');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const created = await api.createWebhook({ url: url.trim(), format });
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
      <input id="wh-url" type="url" required placeholder="https://hooks.example.com/kindling" value=${url} onInput=${(e: Event) => setUrl(value(e))} maxlength="2000" />
      <select aria-label="Format" value=${format} onChange=${(e: Event) => setFormat(value(e))}>
        <option value="json">JSON (signed)</option>
        <option value="slack">Slack</option>
      </select>
      <button type="submit" class="primary" disabled=${!url.trim()}>Add</button>
    </div>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${secret
      ? html`<p class="secret" role="status">Signing secret (shown once, store it now): <code>${secret}</code>
          <button type="button" class="link" onClick=${() => setSecret(null)}>Done</button></p>`
      : null}
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
