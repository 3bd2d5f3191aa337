import type { StoredEvent } from '../../events/types.js';
import type { TraitEntry, Traits, TraitValue } from '../rules/traits.js';

/**
 * Traits from identify calls and form fields. Field names vary from form to form, so they are
 * normalised (lower snake_case) and common aliases map to one canonical trait; other fields are
 * kept under their normalised name. Email fields are the identity, not traits.
 */
const ALIASES: Record<string, string[]> = {
  name: ['full_name', 'fullname', 'your_name', 'contact_name'],
  first_name: ['firstname', 'fname', 'given_name', 'first'],
  last_name: ['lastname', 'lname', 'surname', 'family_name', 'last'],
  title: ['job_title', 'jobtitle', 'position', 'role', 'job_role', 'job'],
  company: ['company_name', 'organization', 'organisation', 'org', 'employer', 'account'],
  company_size: [
    'employees',
    'employee_count',
    'num_employees',
    'number_of_employees',
    'size',
    'team_size',
    'headcount',
    'company_employees',
  ],
  phone: ['phone_number', 'telephone', 'tel', 'mobile', 'mobile_phone'],
  country: ['country_code', 'location_country'],
  budget: ['has_budget', 'budget_range', 'budget_approved'],
  authority: ['decision_maker', 'is_decision_maker', 'role_in_purchase', 'purchase_role'],
  need: ['needs', 'use_case', 'usecase', 'pain', 'problem', 'challenge'],
  timeline: ['timeframe', 'time_frame', 'purchase_timeline', 'buying_timeline', 'purchase_timeframe'],
};
const CANONICAL = new Map<string, string>(
  Object.entries(ALIASES).flatMap(([canon, names]) => [[canon, canon], ...names.map((n) => [n, canon] as [string, string])]),
);
const IDENTITY_FIELDS = new Set(['email', 'e_mail', 'work_email', 'email_address', 'business_email', 'your_email']);
const MAX_KEY_LENGTH = 64;

/**
 * Field names seen and their keys: forms repeat the same few fields on every submit, and each
 * normalisation is four regular-expression passes. Bounded, since the names are the visitors'.
 */
const KNOWN_KEYS = new Map<string, string | null>();
const MAX_KNOWN_KEYS = 1024;

/** "Job Title" → "job_title" → "title". */
export function traitKey(field: string): string | null {
  const known = KNOWN_KEYS.get(field);
  if (known !== undefined) return known;
  const key = normalizedKey(field);
  if (KNOWN_KEYS.size >= MAX_KNOWN_KEYS) KNOWN_KEYS.clear();
  KNOWN_KEYS.set(field, key);
  return key;
}

function normalizedKey(field: string): string | null {
  const key = field
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_KEY_LENGTH);
  if (!key || !/^[a-z]/.test(key) || IDENTITY_FIELDS.has(key)) return null;
  return CANONICAL.get(key) ?? key;
}

function clean(value: unknown): TraitValue | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  return undefined;
}

/** The traits an event states (identify traits and submitted form fields), canonically named. */
export function traitsFromEvent(event: Pick<StoredEvent, 'type' | 'props'>): Record<string, TraitValue> {
  const source: Record<string, unknown> =
    event.type === 'identify'
      ? { ...event.props.form?.fields, ...event.props.traits }
      : event.type === 'form'
        ? { ...event.props.form?.fields, ...event.props.traits }
        : {};
  const out: Record<string, TraitValue> = {};
  for (const [field, raw] of Object.entries(source)) {
    const key = traitKey(field);
    const value = clean(raw);
    if (key && value !== undefined) out[key] = value;
  }
  if (out.name === undefined && (typeof out.first_name === 'string' || typeof out.last_name === 'string')) {
    out.name = [out.first_name, out.last_name].filter((p) => typeof p === 'string').join(' ');
  }
  return out;
}

/** The later statement wins: by event time, then log order. */
export function isNewer(entry: TraitEntry | undefined, ts: number, seq: number): boolean {
  return !entry || ts > entry.setAt || (ts === entry.setAt && (entry.seq === null || seq > entry.seq));
}

/** Applies an event's traits to a trait map; returns the keys it (re)set. */
export function applyTraits(traits: Traits, event: Pick<StoredEvent, 'type' | 'props' | 'ts' | 'seq'>): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(traitsFromEvent(event))) {
    const current = traits[key];
    if (!isNewer(current, event.ts, event.seq)) continue;
    changed.push(key);
    traits[key] = { value, setAt: event.ts, seq: event.seq };
  }
  return changed;
}
