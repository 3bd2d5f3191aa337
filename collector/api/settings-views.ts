import type { Config } from '../config/index.js';
import type { Engine } from '../engine/index.js';

/** GET /api/rules: the scoring configuration as in force, for the settings page (read-only). */
export function rulesView(config: Pick<Config, 'scoring'>, engine: Pick<Engine, 'rules' | 'rulesChanged'>) {
  const { sweepIntervalSeconds: _cadence, ...scoring } = config.scoring;
  return { ...scoring, fingerprint: engine.rules.fingerprint, rescoreDue: engine.rulesChanged() };
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The tag to paste into a site (same as the startup banner prints). */
export function snippetTag(publicUrl: string, siteKey: string): string {
  return `<script async src="${escapeAttribute(`${publicUrl}/k.js`)}" data-site="${escapeAttribute(siteKey)}"></script>`;
}

/** GET /api/sites. */
export function sitesView(config: Pick<Config, 'sites' | 'publicUrl'>) {
  return {
    sites: config.sites.map((s) => ({ key: s.key, name: s.name, origins: s.origins, snippet: snippetTag(config.publicUrl, s.key) })),
  };
}
