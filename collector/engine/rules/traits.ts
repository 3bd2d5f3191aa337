import type { TraitMatcher } from './schema.js';
import { emailDomainKind } from '../identity/email-domain.js';

export type TraitValue = string | number | boolean | null;
/** A lead's trait: the latest value wins and keeps when (event time) and by which event it was set. */
export interface TraitEntry {
  value: TraitValue;
  setAt: number;
  seq: number | null;
}
export type Traits = Record<string, TraitEntry>;

/**
 * The last email's derived entries: every fit and BANT evaluation tests `email_type` several times
 * (three default fit rules), and the kind costs a set lookup and four regular expressions. Keyed by
 * the email entry and its three fields (an entry is replaced, not changed, when the email changes;
 * the fields are compared anyway), frozen because every caller shares them.
 */
let derivedFrom: { email: TraitEntry; value: string; setAt: number; seq: number | null } | null = null;
let derivedDomain: TraitEntry | null = null;
let derivedType: TraitEntry | null = null;

function derivedOfEmail(email: TraitEntry & { value: string }): void {
  const from = derivedFrom;
  if (from && from.email === email && from.value === email.value && from.setAt === email.setAt && from.seq === email.seq) return;
  const domain = email.value.slice(email.value.lastIndexOf('@') + 1);
  derivedDomain = Object.freeze({ ...email, value: domain });
  derivedType = Object.freeze({ ...email, value: emailDomainKind(domain) });
  derivedFrom = { email, value: email.value, setAt: email.setAt, seq: email.seq };
}

/** `email_domain` and `email_type` come from the email; rules may test them like any trait. The entries returned are shared: never change them. */
export function derivedTrait(traits: Traits, name: string): TraitEntry | undefined {
  if (name !== 'email_domain' && name !== 'email_type') return traits[name];
  const email = traits.email;
  if (!email || typeof email.value !== 'string') return traits[name];
  derivedOfEmail(email as TraitEntry & { value: string });
  return name === 'email_domain' ? derivedDomain! : derivedType!;
}

/** "51-200" → 51, "1,000+" → 1000, "250 employees" → 250, 12 → 12; anything else → null. */
export function traitNumber(value: TraitValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d[\d,]*(?:\.\d+)?)\s*(?:\+|[-–]\s*\d[\d,]*)?\s*(?:employees|people|staff|days)?\s*$/i.exec(value);
  return m ? Number(m[1]!.replace(/,/g, '')) : null;
}

function isPresent(value: TraitValue | undefined): boolean {
  return value !== null && value !== undefined && String(value).trim() !== '';
}

/** Returns the matched entry (for "{value}" in reason texts) or null. */
export type TraitTest = (traits: Traits) => TraitEntry | null;

export function compileTraitMatcher(m: TraitMatcher): TraitTest {
  const pattern = m.pattern === undefined ? null : new RegExp(m.pattern, 'i');
  const notPattern = m.notPattern === undefined ? null : new RegExp(m.notPattern, 'i');
  const equals = m.equals?.map((e) => String(e).toLowerCase());
  const numeric = m.min !== undefined || m.max !== undefined;
  return (traits) => {
    const entry = derivedTrait(traits, m.trait);
    const value = entry?.value;
    if (m.present === false) return isPresent(value) ? null : (entry ?? { value: null, setAt: 0, seq: null });
    if (!entry || !isPresent(value)) return null;
    const text = String(value);
    if (equals && !equals.includes(text.trim().toLowerCase())) return null;
    if (pattern && !pattern.test(text.trim())) return null;
    if (notPattern && notPattern.test(text.trim())) return null;
    if (numeric) {
      const n = traitNumber(value ?? null);
      if (n === null || (m.min !== undefined && n < m.min) || (m.max !== undefined && n > m.max)) return null;
    }
    return entry;
  };
}

/** Any of the matchers. */
export function anyTrait(tests: readonly TraitTest[]): TraitTest {
  return (traits) => {
    for (const test of tests) {
      const hit = test(traits);
      if (hit) return hit;
    }
    return null;
  };
}
