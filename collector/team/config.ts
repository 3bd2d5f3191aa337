import { z } from 'zod';

/** A zone name Intl knows (`Europe/Berlin`, `America/New_York`, `UTC`): the runtime's own tz database decides. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `team`: what the sales team shares. Its time zone (an IANA name) is where "a day" of the daily
 * digest begins and ends, and the digest goes out at `digest.hour` o'clock there.
 */
export const teamSchema = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .max(100)
      .refine(isTimeZone, 'not a time zone this runtime knows (an IANA name like "Europe/Berlin")')
      .default('UTC'),
    digest: z
      .strictObject({
        /** The local hour (0–23) from which each subscriber's digest of the day is sent. */
        hour: z.number().int().min(0).max(23).default(8),
        /** How often the collector looks whether a digest is due (once per fleet each time). */
        checkEverySeconds: z.number().int().min(5).max(3600).default(60),
      })
      .prefault({}),
  })
  .prefault({});
export type TeamConfig = z.infer<typeof teamSchema>;
