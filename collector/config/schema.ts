import { z } from 'zod';
import { privacySchema, rateLimitSchema, sitesSchema } from '../ingest/config.js';
import { writerSchema } from '../writer/config.js';
import { retentionSchema } from '../retention/config.js';
import { scoringSchema } from '../engine/config.js';
import { webhooksSchema } from '../alerts/config.js';
import { dashboardSchema } from '../dashboard/config.js';

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
    })
    .default({ port: 8787, db: './data/kindling.db', trustProxy: false }),
  sites: sitesSchema,
  privacy: privacySchema,
  retention: retentionSchema,
  rateLimit: rateLimitSchema,
  writer: writerSchema,
  scoring: scoringSchema,
  webhooks: webhooksSchema,
  dashboard: dashboardSchema,
});
export type FileConfig = z.infer<typeof fileConfigSchema>;

/** The environment: the only place secrets and deployment overrides come from. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
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
