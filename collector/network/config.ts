import { z } from 'zod';

/** `accounts`: companies from visitors' networks (the reveal) and the buying-committee alert. */
export const accountsSchema = z
  .strictObject({
    /** Look up the network's owner and country at ingest (each site can switch it off with `reveal: false`). */
    reveal: z.boolean().default(true),
    /** ASN database (MMDB, GeoLite2-ASN shape); null: the one `npm run build` makes from the shipped open data. */
    asnDatabase: z.string().min(1).max(1000).nullable().default(null),
    /** Country database (MMDB); null: the shipped `@ip-location-db/geo-whois-asn-country-mmdb`. */
    countryDatabase: z.string().min(1).max(1000).nullable().default(null),
    /** `account.surging`: this many distinct people or anonymous browsers active within `surgeWindowDays` … */
    surgeMembers: z.number().int().min(2).max(1000).default(3),
    surgeWindowDays: z.number().int().min(1).max(90).default(7),
    /** … or the account's score at or above this. */
    surgeScore: z.number().positive().max(1_000_000).default(150),
    /** A surging account may surge again only after falling below (1 − hysteresis) of both thresholds. */
    hysteresis: z.number().min(0).max(0.9).default(0.2),
  })
  .default({
    reveal: true,
    asnDatabase: null,
    countryDatabase: null,
    surgeMembers: 3,
    surgeWindowDays: 7,
    surgeScore: 150,
    hysteresis: 0.2,
  });
export type AccountsConfig = z.infer<typeof accountsSchema>;
