import { z } from 'zod';

/** `dashboard`: the sales SLA the lead list marks, and how long a sign-in lasts. */
export const dashboardSchema = z
  .strictObject({
    /** SQLs not accepted by sales within this many hours are marked overdue. */
    slaHours: z
      .number()
      .positive()
      .max(24 * 365)
      .default(48),
    /** A dashboard sign-in lasts this many hours (absolute, not sliding), then asks for the token again. */
    sessionHours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(168),
  })
  .default({ slaHours: 48, sessionHours: 168 });
