import { isFreeMailDomain } from './free-mail.js';

/**
 * What kind of organisation an email domain belongs to, as data: each pattern tests the whole
 * domain. Universities and schools are not accounts (DESIGN.md: never a university), and their
 * people are mostly students. Covered: `.edu` and `.edu.xx`, `.ac.xx` (UK, Japan, India…),
 * `uni-name.tld` / `univ-name.tld`, and student mail hosts (`stud.…`, `student.…`, `students.…`).
 */
const EDUCATION_DOMAINS: readonly RegExp[] = [
  /(^|\.)edu(\.[a-z]{2})?$/,
  /\.ac\.[a-z]{2}$/,
  /(^|\.)(uni|univ)-[a-z0-9-]+\.[a-z]{2,}$/,
  /^(stud|student|students)\./,
];

export type EmailDomainKind = 'free' | 'education' | 'company';

export function isEducationDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return EDUCATION_DOMAINS.some((re) => re.test(d));
}

export function emailDomainKind(domain: string): EmailDomainKind {
  return isFreeMailDomain(domain) ? 'free' : isEducationDomain(domain) ? 'education' : 'company';
}

/** The account of an email address: its domain, or null when the address is not a company's. */
export function companyDomainOf(email: string): string | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain && emailDomainKind(domain) === 'company' ? domain : null;
}

/** Second-level labels under which the name sits one label further left (acme.co.uk). */
const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ltd', 'plc', 'gv', 'or', 'ne', 'go']);

/**
 * A readable company name from its domain when nobody told us the name: the label before the
 * public suffix, words split on hyphens and capitalised ("acme-industries.co.uk" → "Acme Industries").
 */
export function companyNameOf(domain: string): string {
  const labels = domain.toLowerCase().split('.').filter(Boolean);
  let i = labels.length - 2;
  if (i > 0 && labels[labels.length - 1]!.length === 2 && GENERIC_SECOND_LEVEL.has(labels[i]!)) i--;
  const label = labels[Math.max(0, i)] ?? domain;
  return label
    .split('-')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
