import { html } from 'htm/preact';
import { SitesSection } from './sites.js';
import { WebhooksSection } from './webhooks.js';
import { RulesSection } from './rules.js';

/** The snippet to paste, where alerts go, and the rules that score (read-only). */
export function SettingsPage() {
  return html`<section class="page settings-page">
    <div class="page-head"><h1>Settings</h1></div>
    <${SitesSection} />
    <${WebhooksSection} />
    <${RulesSection} />
  </section>`;
}
