import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../paths.js';
import { fileConfigSchema } from './schema.js';
import { privacySchema, rateLimitSchema, sitesSchema } from '../ingest/config.js';
import { writerSchema } from '../writer/config.js';
import { retentionSchema } from '../retention/config.js';
import { scoringSchema } from '../engine/config.js';
import { webhooksSchema } from '../alerts/config.js';
import { dashboardSchema } from '../dashboard/config.js';
import { enrichmentSchema } from '../enrichment/config.js';
import { accountsSchema } from '../network/config.js';
import { routingSchema } from '../routing/config.js';
import { smtpSchema } from '../mail/config.js';
import { teamSchema } from '../team/config.js';

/** Each part owns its slice of the configuration; collector/config only composes them and reads the environment and the file. */
const OWNERS = {
  sites: sitesSchema,
  privacy: privacySchema,
  rateLimit: rateLimitSchema,
  writer: writerSchema,
  retention: retentionSchema,
  scoring: scoringSchema,
  webhooks: webhooksSchema,
  dashboard: dashboardSchema,
  accounts: accountsSchema,
  enrichment: enrichmentSchema,
  routing: routingSchema,
  smtp: smtpSchema,
  team: teamSchema,
};

const collector = join(projectRoot, 'collector');
const configDir = join(collector, 'config');
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
/** Relative imports of a file (type-only ones included), as absolute paths. */
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)].map((m) =>
    resolve(dirname(file), m[1]!),
  );

describe('configuration slices', () => {
  it('the file schema is composed of the slices the parts define beside their code', () => {
    for (const [key, slice] of Object.entries(OWNERS)) expect(fileConfigSchema.shape[key as keyof typeof OWNERS], key).toBe(slice);
    // Only the process's own slice (server) is defined in collector/config.
    expect(
      Object.keys(fileConfigSchema.shape)
        .filter((k) => !(k in OWNERS))
        .sort(),
    ).toEqual(['$schema', 'server']);
  });

  it('no slice imports collector/config back (no config ⇄ part cycle), and no module but collector/config reads process.env', () => {
    const files = sources(collector);
    const slices = files.filter((f) => f.endsWith('/config.ts') && !f.startsWith(configDir));
    expect(slices.map((f) => relative(collector, f)).sort()).toEqual([
      'alerts/config.ts',
      'dashboard/config.ts',
      'engine/config.ts',
      'enrichment/config.ts',
      'ingest/config.ts',
      'mail/config.ts',
      'network/config.ts',
      'retention/config.ts',
      'routing/config.ts',
      'team/config.ts',
      'writer/config.ts',
    ]);
    for (const slice of slices) {
      const back = importsOf(slice).filter((target) => target.startsWith(configDir));
      expect(back, relative(collector, slice)).toEqual([]);
    }
    const readers = files.filter((f) => !f.startsWith(configDir) && /process\.env/.test(readFileSync(f, 'utf8')));
    expect(readers.map((f) => relative(collector, f))).toEqual([]);
  });
});
