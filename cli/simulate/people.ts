import {
  ANALYST_DOMAINS,
  COMPANY_SIZES,
  COMPANY_STEMS,
  COMPANY_TRADES,
  COUNTRIES,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  LAST_NAMES,
  SPAM_DOMAINS,
  STUDENT_DOMAINS,
  TITLES,
} from './catalog.js';
import type { EmailKind, PersonaKey } from './personas.js';
import { hashSeed, type Random } from './random.js';

/** The person behind a visitor, as they fill in forms. */
export interface Person {
  name: string;
  email: string;
  title: string | null;
  company: string | null;
  companySize: string | null;
  country: string;
}

export interface Company {
  name: string;
  domain: string;
  size: string;
}

const COMPANY_COUNT = COMPANY_STEMS.length * COMPANY_TRADES.length;

/** Company i of the fixed pool; its size depends on the company, not on who visits from it. */
export function company(i: number): Company {
  const stem = COMPANY_STEMS[i % COMPANY_STEMS.length]!;
  const trade = COMPANY_TRADES[Math.floor(i / COMPANY_STEMS.length) % COMPANY_TRADES.length]!;
  const sizes = Object.keys(COMPANY_SIZES);
  return { name: `${stem} ${trade}`, domain: `${stem}-${trade}.example`.toLowerCase(), size: sizes[hashSeed(7, i) % sizes.length]! };
}

/** Skewed towards the start of the pool, so some companies send a whole buying committee. */
const pickCompany = (rng: Random): Company => company(Math.floor(COMPANY_COUNT * rng.next() ** 2.5));

const slug = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

export function makePerson(rng: Random, persona: PersonaKey, kind: EmailKind): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const country = rng.weighted(COUNTRIES);
  const titles = (TITLES as Partial<Record<PersonaKey, readonly string[]>>)[persona];
  const title = titles ? rng.pick(titles) : null;
  const local = rng.weighted({ [`${slug(first)}.${slug(last)}`]: 5, [`${slug(first)[0]}${slug(last)}`]: 3, [slug(first)]: 1 });
  const works = kind === 'company' ? pickCompany(rng) : null;
  const domain =
    kind === 'company'
      ? works!.domain
      : kind === 'free'
        ? rng.pick(FREE_MAIL_DOMAINS)
        : kind === 'student'
          ? rng.pick(STUDENT_DOMAINS)
          : kind === 'analyst'
            ? rng.pick(ANALYST_DOMAINS)
            : rng.pick(SPAM_DOMAINS);
  // Free-mail addresses are crowded: people add digits.
  const address = kind === 'free' ? `${local}${rng.int(1, 99)}` : kind === 'spam' ? `offers.${rng.token(6)}` : local;
  // Someone on free mail still names their employer in a sales form.
  const employer = works ?? (persona === 'evaluator' || persona === 'buyer' ? pickCompany(rng) : null);
  return {
    name: `${first} ${last}`,
    email: `${address}@${domain}`,
    title,
    company: kind === 'analyst' ? domain.split('.')[0]!.replace(/-/g, ' ') : (employer?.name ?? null),
    companySize: employer?.size ?? null,
    country,
  };
}
