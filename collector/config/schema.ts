import { z } from 'zod';
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

/**
 * How long a client may take and how many may connect at once. A collector's requests are small
 * (a 64 KiB batch at most), so a client still sending headers after 10 s or a body after 30 s is
 * broken or hostile (slowloris); Node's defaults (60 s, 300 s, no cap) would let a few hundred of
 * them hold every socket.
 */
export const CONNECTION_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 4096,
} as const;
const CONNECTION_LIMITS = {
  headersTimeoutMs: z.number().int().min(1000).max(300_000).default(CONNECTION_DEFAULTS.headersTimeoutMs),
  requestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(CONNECTION_DEFAULTS.requestTimeoutMs),
  keepAliveTimeoutMs: z.number().int().min(1000).max(600_000).default(CONNECTION_DEFAULTS.keepAliveTimeoutMs),
  /** Keep it under the process's open-file limit (`ulimit -n`). */
  maxConnections: z.number().int().min(1).max(1_000_000).default(CONNECTION_DEFAULTS.maxConnections),
};

/**
 * The file (`kindling.config.json`): everything but secrets, which come from the environment.
 * Each part owns its slice, defined beside its code; this module composes them and adds the
 * process's own (`server`).
 */
export const fileConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  server: z
    .strictObject({
      port: z.number().int().min(1).max(65535).default(8787),
      db: z.string().min(1).max(1000).default('./data/kindling.db'),
      trustProxy: z.boolean().default(false),
      /** Public base URL used in links (webhook payloads, snippet tag). Defaults to http://localhost:PORT. */
      publicUrl: z.url().max(500).optional(),
      /** Listen address: 0.0.0.0 every IPv4 interface, :: every interface, 127.0.0.1 this machine only. */
      host: z.string().min(1).max(255).default('0.0.0.0'),
      ...CONNECTION_LIMITS,
    })
    .refine((s) => s.requestTimeoutMs === 0 || s.headersTimeoutMs <= s.requestTimeoutMs, {
      message: 'headersTimeoutMs must not exceed requestTimeoutMs',
      path: ['headersTimeoutMs'],
    })
    .default({ port: 8787, db: './data/kindling.db', trustProxy: false, host: '0.0.0.0', ...CONNECTION_DEFAULTS }),
  sites: sitesSchema,
  privacy: privacySchema,
  retention: retentionSchema,
  rateLimit: rateLimitSchema,
  writer: writerSchema,
  scoring: scoringSchema,
  webhooks: webhooksSchema,
  dashboard: dashboardSchema,
  accounts: accountsSchema,
  enrichment: enrichmentSchema,
  routing: routingSchema,
  smtp: smtpSchema,
  team: teamSchema,
});
export type FileConfig = z.infer<typeof fileConfigSchema>;

/** The environment: the only place secrets and deployment overrides come from. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Not HOST: shells and containers often export HOST as the machine's name. */
  KINDLING_HOST: z.string().min(1).max(255).optional(),
  KINDLING_DB: z.string().min(1).max(1000).optional(),
  /** PostgreSQL for a fleet of collectors. Environment only: the URL carries the password. */
  KINDLING_DATABASE_URL: z
    .string()
    .max(2000)
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  KINDLING_CONFIG: z.string().min(1).max(1000).optional(),
  KINDLING_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  KINDLING_TRUST_PROXY: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'must be 1/0, true/false or yes/no' })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .optional(),
  KINDLING_PUBLIC_URL: z.url().max(500).optional(),
  /** The SMTP password (`smtp.user`'s); a secret, so never in the file. */
  KINDLING_SMTP_PASSWORD: z.string().min(1).max(1000).optional(),
  /** The enrichment provider's key (or `enrichment.keyFile`); a secret, so never in the file. */
  KINDLING_ENRICHMENT_KEY: z.string().min(1).max(1000).optional(),
});
export type Env = z.infer<typeof envSchema>;
