import { z } from 'zod';
import { sitesSchema } from './sites.js';
import { scoringSchema } from './scoring.js';
import { webhooksSchema } from './webhooks.js';

/**
 * How long a client may take and how many may connect at once. A collector's requests are small
 * (a 64 KiB batch at most), so a client still sending headers after 10 s or a body after 30 s is
 * broken or hostile (slowloris); Node's defaults (60 s, 300 s, no cap) would let a few hundred of
 * them hold every socket.
 */
export const CONNECTION_DEFAULTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 4096 } as const;
const CONNECTION_LIMITS = {
  headersTimeoutMs: z.number().int().min(1000).max(300_000).default(CONNECTION_DEFAULTS.headersTimeoutMs),
  requestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(CONNECTION_DEFAULTS.requestTimeoutMs),
  keepAliveTimeoutMs: z.number().int().min(1000).max(600_000).default(CONNECTION_DEFAULTS.keepAliveTimeoutMs),
  /** Keep it under the process's open-file limit (`ulimit -n`). */
  maxConnections: z.number().int().min(1).max(1_000_000).default(CONNECTION_DEFAULTS.maxConnections),
};

/** The file (`kindling.config.json`): everything but secrets, which come from the environment. */
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
  privacy: z
    .strictObject({
      /** `anonymized` keeps IPv4 /24 and IPv6 /48; `none` stores no IP at all. */
      storeIp: z.enum(['anonymized', 'none']).default('anonymized'),
      /** Drop events from browsers that send `DNT: 1` (the snippet also honours it on its own). */
      honorDoNotTrack: z.boolean().default(true),
      /** Drop events from browsers that send `Sec-GPC: 1`. */
      honorGlobalPrivacyControl: z.boolean().default(true),
    })
    .default({ storeIp: 'anonymized', honorDoNotTrack: true, honorGlobalPrivacyControl: true }),
  retention: z
    .strictObject({
      /** Delete raw events older than this many days; null keeps them forever (rescore needs them). */
      eventsDays: z.number().int().min(1).max(36500).nullable().default(null),
    })
    .default({ eventsDays: null }),
  rateLimit: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Token bucket per (site, IP): sustained requests per second and burst size. */
      requestsPerSecond: z.number().positive().max(100000).default(20),
      burst: z.number().int().min(1).max(1000000).default(100),
    })
    .default({ enabled: true, requestsPerSecond: 20, burst: 100 }),
  writer: z
    .strictObject({
      /** How long the writer gathers events before committing them in one transaction. */
      batchWindowMs: z.number().min(0).max(1000).default(2),
      /** Commit early once this many events are waiting. */
      maxBatchEvents: z.number().int().min(1).max(100000).default(2000),
    })
    .default({ batchWindowMs: 2, maxBatchEvents: 2000 }),
  scoring: scoringSchema,
  webhooks: webhooksSchema,
  dashboard: z
    .strictObject({
      /** SQLs not accepted by sales within this many hours are marked overdue. */
      slaHours: z.number().positive().max(24 * 365).default(48),
      /** A dashboard sign-in lasts this many hours (absolute, not sliding), then asks for the token again. */
      sessionHours: z.number().positive().max(24 * 90).default(168),
    })
    .default({ slaHours: 48, sessionHours: 168 }),
});
export type FileConfig = z.infer<typeof fileConfigSchema>;

/** The environment: the only place secrets and deployment overrides come from. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Not HOST: shells and containers often export HOST as the machine's name. */
  KINDLING_HOST: z.string().min(1).max(255).optional(),
  KINDLING_DB: z.string().min(1).max(1000).optional(),
  KINDLING_CONFIG: z.string().min(1).max(1000).optional(),
  KINDLING_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  KINDLING_TRUST_PROXY: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'must be 1/0, true/false or yes/no' })
    .transform((v) => v === '1' || v === 'true' || v === 'yes')
    .optional(),
  KINDLING_PUBLIC_URL: z.url().max(500).optional(),
});
export type Env = z.infer<typeof envSchema>;
