import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useAsync } from '../../hooks.js';
import type { Site } from '../../types.js';
import { ErrorBox, Loading } from '../../components/states.js';

function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone(null), 2000);
  };
  return html`<button type="button" class="small-button" onClick=${copy}>
    ${done === 'copied' ? 'Copied ✓' : done === 'failed' ? 'Select and copy' : 'Copy'}
  </button>`;
}

function SiteCard({ site }: { site: Site }) {
  return html`<div class="site" data-site=${site.key}>
    <div class="site-head">
      <strong>${site.name}</strong> <code class="muted">${site.key}</code>
      <span class="muted small">accepts ${site.origins.join(', ')}</span>
    </div>
    <div class="snippet">
      <pre><code>${site.snippet}</code></pre>
      <${CopyButton} text=${site.snippet} />
    </div>
  </div>`;
}

export function SitesSection() {
  const sites = useAsync(() => api.sites(), []);
  return html`<div class="card">
    <h2>Install the snippet</h2>
    <p class="muted small">Paste the tag into every page of the site, before <code>${'</head>'}</code>.</p>
    ${sites.error ? html`<${ErrorBox} error=${sites.error} retry=${sites.reload} />` : null}
    ${sites.data ? sites.data.sites.map((s) => html`<${SiteCard} key=${s.key} site=${s} />`) : sites.loading ? html`<${Loading} />` : null}
  </div>`;
}
