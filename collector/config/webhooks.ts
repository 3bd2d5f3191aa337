import { z } from 'zod';

// Placeholder until the alerts issue (#6) fills in endpoints and delivery settings.
export const webhooksSchema = z.looseObject({}).default({});
export type WebhooksConfig = z.infer<typeof webhooksSchema>;
