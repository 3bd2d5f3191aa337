import type { CrmOutcome } from '../store/port/outcomes.js';

/**
 * How each CRM's standard export names its columns and stages (README, "CRM outcomes": what these
 * rest on). Columns are found by header, case and surrounding spaces ignored; the first listed
 * header present wins. The record id is the deal's (or opportunity's): it is the row's identity
 * for re-imports and, kept on the lead at the first match, finds the lead again without an email.
 */
export interface CsvMapping {
  crmId: readonly string[];
  /** A cell holding an email somewhere (`Jane Doe (jane@acme.io)` works: the address is taken out). */
  email: readonly string[];
  stage: readonly string[];
  amount: readonly string[];
  currency: readonly string[];
  /** The date column per outcome (a won deal's close date, a lost one's lost time…). */
  date: Readonly<Record<CrmOutcome, readonly string[]>>;
  /** Stage value (lower case, letters and digits only) → outcome; a stage not listed is `fallback`. */
  stages: Readonly<Record<string, CrmOutcome>>;
  /** An open deal in any other stage: sales took the lead on (HubSpot's "Opportunity" lifecycle stage). */
  fallback: CrmOutcome | null;
}

const same = (columns: readonly string[]): Record<CrmOutcome, readonly string[]> => ({
  won: columns,
  lost: columns,
  disqualified: columns,
  opportunity: columns,
});
const DISQUALIFIED = { disqualified: 'disqualified', unqualified: 'disqualified', closeddisqualified: 'disqualified' } as const;

export const CSV_MAPPINGS = {
  /** HubSpot: Deals → Export (default deal properties). */
  hubspot: {
    crmId: ['Record ID', 'Deal ID'],
    email: ['Associated Contact', 'Email', 'Contact Email'],
    stage: ['Deal Stage'],
    amount: ['Amount'],
    currency: ['Currency', 'Deal Currency Code'],
    date: same(['Close Date', 'Create Date']),
    stages: { closedwon: 'won', closedlost: 'lost', ...DISQUALIFIED },
    fallback: 'opportunity',
  },
  /** Salesforce: an Opportunities report exported as CSV (field labels as headers). */
  salesforce: {
    crmId: ['Opportunity ID', 'Contact ID'],
    email: ['Contact: Email', 'Email'],
    stage: ['Stage'],
    amount: ['Amount'],
    currency: ['Opportunity Currency', 'Currency'],
    date: same(['Close Date', 'Created Date']),
    stages: { closedwon: 'won', closedlost: 'lost', ...DISQUALIFIED },
    fallback: 'opportunity',
  },
  /** Pipedrive: Deals → Export (column headers prefixed with the entity). */
  pipedrive: {
    crmId: ['Deal - ID'],
    email: ['Person - Email', 'Person - Email - Work'],
    stage: ['Deal - Status'],
    amount: ['Deal - Value'],
    currency: ['Deal - Currency'],
    date: {
      won: ['Deal - Won time', 'Deal - Close date'],
      lost: ['Deal - Lost time', 'Deal - Close date'],
      disqualified: ['Deal - Lost time', 'Deal - Close date'],
      opportunity: ['Deal - Deal created', 'Deal - Update time'],
    },
    stages: { won: 'won', lost: 'lost', open: 'opportunity' },
    fallback: null,
  },
  /** Any other CRM: Kindling's own column names, the outcome written out. */
  generic: {
    crmId: ['crm_id', 'crmId'],
    email: ['email'],
    stage: ['outcome'],
    amount: ['amount'],
    currency: ['currency'],
    date: same(['date']),
    stages: { won: 'won', lost: 'lost', disqualified: 'disqualified', opportunity: 'opportunity' },
    fallback: null,
  },
} as const satisfies Record<string, CsvMapping>;

export type CsvCrm = keyof typeof CSV_MAPPINGS;
export const CSV_CRMS = Object.keys(CSV_MAPPINGS) as CsvCrm[];

/** A stage cell → the outcome it means under a mapping, or null (not one the mapping knows). */
export function outcomeOfStage(mapping: CsvMapping, stage: string): CrmOutcome | null {
  const key = stage.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === '') return null;
  return mapping.stages[key] ?? mapping.fallback;
}
