import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { fileConfigSchema, envSchema, type FileConfig } from './schema.js';
import { demoConfig } from './demo.js';

export type { SiteConfig } from '../ingest/config.js';

/** The one validated, frozen configuration object the rest of the collector receives. */
export interface Config extends Omit<FileConfig, 'server' | '$schema'> {
  port: number;
  /** Listen address (`server.host`, `KINDLING_HOST`). */
  host: string;
  /** Timeouts and the connection cap of the HTTP server. */
  connections: Pick<FileConfig['server'], 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxConnections'>;
  dbPath: string;
  /** PostgreSQL URL (`KINDLING_DATABASE_URL`); null: the SQLite file at `dbPath`. */
  databaseUrl: string | null;
  trustProxy: boolean;
  /** From KINDLING_ADMIN_TOKEN; when null a token is generated once and kept in the database. */
  adminToken: string | null;
  /** From KINDLING_SMTP_PASSWORD: the `smtp` server's password. */
  smtpPassword: string | null;
  /** The enrichment provider's key: `KINDLING_ENRICHMENT_KEY` or the content of `enrichment.keyFile`. */
  enrichmentKey: string | null;
  /** Base URL for links in alerts and the snippet tag. */
  publicUrl: string;
  /** Where the file came from, or null for the built-in demo configuration. */
  configPath: string | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `sites.0.origins.1: must look like …` — one line per problem, naming the key. */
function describeIssues(where: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    const unknown = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    return `  ${key}: ${issue.message}${unknown}`;
  });
  return `invalid configuration in ${where}:\n${lines.join('\n')}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read configuration file ${path}: ${(err as Error).message}`);
  }
  try {
    // JSONC: allow // and /* */ comments so the documented example can be copied as is.
    return JSON.parse(stripJsonComments(text));
  } catch (err) {
    throw new ConfigError(`configuration file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Removes // and /* *\/ comments outside strings, plus trailing commas. */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) i++;
      i++;
    } else out += ch;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/**
 * The provider's key: the environment's, else the key file's content. A provider that calls out
 * needs one, so its absence is a start-up error; the key itself never appears in a message.
 */
function enrichmentKeyOf(enrichment: FileConfig['enrichment'], fromEnv: string | undefined, cwd: string): string | null {
  if (!enrichment) return null;
  let key = fromEnv ?? null;
  if (key === null && enrichment.keyFile) {
    const path = resolve(cwd, enrichment.keyFile);
    try {
      key = readFileSync(path, 'utf8').trim() || null;
    } catch (err) {
      throw new ConfigError(
        `invalid configuration: enrichment.keyFile: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    if (key === null) throw new ConfigError(`invalid configuration: enrichment.keyFile: ${path} is empty`);
  }
  if (enrichment.provider !== 'offline' && key === null)
    throw new ConfigError(
      `invalid configuration: enrichment.provider "${enrichment.provider}" needs a key: set KINDLING_ENRICHMENT_KEY or enrichment.keyFile`,
    );
  return key;
}

export interface LoadConfigOptions {
  /** Defaults to process.env; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Inline file content instead of reading a file (tests, tools). */
  file?: unknown;
  cwd?: string;
}

/**
 * Reads `kindling.config.json` (KINDLING_CONFIG names another path; with neither, the built-in
 * demo configuration runs) and the environment, validates both and returns a frozen Config.
 * Throws ConfigError naming every bad key.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const rawEnv = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const envResult = envSchema.safeParse(rawEnv);
  if (!envResult.success) throw new ConfigError(describeIssues('the environment', envResult.error));
  const env = envResult.data;

  let configPath: string | null = null;
  let raw: unknown;
  if (options.file !== undefined) {
    raw = options.file;
  } else if (env.KINDLING_CONFIG) {
    configPath = resolve(cwd, env.KINDLING_CONFIG);
    raw = readConfigFile(configPath);
  } else if (existsSync(resolve(cwd, 'kindling.config.json'))) {
    configPath = resolve(cwd, 'kindling.config.json');
    raw = readConfigFile(configPath);
  } else {
    raw = demoConfig;
  }

  const parsed = fileConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeIssues(configPath ?? 'the built-in demo configuration', parsed.error));
  const { server, $schema: _schema, ...rest } = parsed.data;

  const keys = new Set<string>();
  for (const site of rest.sites) {
    if (keys.has(site.key)) throw new ConfigError(`invalid configuration: sites: site key "${site.key}" appears twice`);
    keys.add(site.key);
  }

  const port = env.PORT ?? server.port;
  const db = env.KINDLING_DB ?? server.db;
  const config: Config = {
    ...rest,
    port,
    host: env.KINDLING_HOST ?? server.host,
    connections: {
      headersTimeoutMs: server.headersTimeoutMs,
      requestTimeoutMs: server.requestTimeoutMs,
      keepAliveTimeoutMs: server.keepAliveTimeoutMs,
      maxConnections: server.maxConnections,
    },
    dbPath: db === ':memory:' ? db : resolve(cwd, db),
    databaseUrl: env.KINDLING_DATABASE_URL ?? null,
    trustProxy: env.KINDLING_TRUST_PROXY ?? server.trustProxy,
    adminToken: env.KINDLING_ADMIN_TOKEN ?? null,
    smtpPassword: env.KINDLING_SMTP_PASSWORD ?? null,
    enrichmentKey: enrichmentKeyOf(rest.enrichment, env.KINDLING_ENRICHMENT_KEY, cwd),
    publicUrl: (env.KINDLING_PUBLIC_URL ?? server.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    configPath,
  };
  return deepFreeze(config);
}

/** A valid configuration for tests: the demo config with overrides, never reading the environment. */
export function testConfig(overrides: Partial<z.input<typeof fileConfigSchema>> = {}, env: Record<string, string> = {}): Config {
  // The reveal reads databases from files: tests that want it pass the fixture databases (test/support/network-fixture.ts).
  return loadConfig({ env: { KINDLING_DB: ':memory:', ...env }, file: { ...demoConfig, accounts: { reveal: false }, ...overrides } });
}
