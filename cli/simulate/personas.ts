import type { BantProfile, FormKey, PageKey, SourceKey } from './catalog.js';

/**
 * Who visits a B2B SaaS site, as data: how many of them, how often they come back, where from,
 * what they read, what they submit, and how sales judges them once they are SQL. The shares and
 * outcomes are chosen so the funnel shows what the design brief describes (most MQLs never become
 * SQLs; buyers convert, students and job seekers do not).
 */
export type PersonaKey = 'buyer' | 'evaluator' | 'researcher' | 'student' | 'job_seeker' | 'browser' | 'bot';
/** rising: visits crowd towards today; fading: busy, then silent; steady: anywhere; cycle: a 1–3 week buying cycle anywhere in the window. */
export type Trajectory = 'rising' | 'fading' | 'steady' | 'cycle';
export type EmailKind = 'company' | 'free' | 'student' | 'analyst' | 'spam';
type Weights<K extends string> = Readonly<Partial<Record<K, number>>>;

export interface Action {
  /** A form submitted once (the form's page is visited first), or the whitepaper downloaded once. */
  do: FormKey | 'download';
  chance: number;
  /** Which of the visitor's sessions it happens in. */
  in: 'first' | 'last' | 'any';
}

export interface PersonaSpec {
  share: number;
  sessions: readonly [number, number];
  pagesPerSession: readonly [number, number];
  trajectory: Weights<Trajectory>;
  sources: Weights<SourceKey>;
  browse: Weights<PageKey>;
  /** Pages opened at least this many times over the visitor's sessions (in different sessions when possible). */
  mustVisit?: Weights<PageKey>;
  dwellSeconds: readonly [number, number];
  /** What kind of address they type into forms; null for visitors who never identify. */
  email: Weights<EmailKind> | null;
  bant?: BantProfile;
  actions: readonly Action[];
  bot?: true;
  /** Once SQL: chance sales accepts (else rejects), and chance an accepted lead is won (else lost). */
  outcome: { accept: number; win: number };
}

export const PERSONAS: Readonly<Record<PersonaKey, PersonaSpec>> = {
  buyer: {
    share: 0.07,
    sessions: [3, 8],
    pagesPerSession: [2, 5],
    // Buying cycles start and end all through the window, so SQLs (and their falls) do too.
    trajectory: { cycle: 6, rising: 3, fading: 1 },
    sources: { g2: 3, capterra: 2, google_ads: 3, direct: 2, linkedin_ads: 1 },
    browse: { product: 3, pricing: 4, docs: 2, home: 1, post: 1 },
    mustVisit: { pricing: 2 },
    dwellSeconds: [20, 180],
    email: { company: 1 },
    bant: 'strong',
    actions: [
      // Many sign up for the newsletter early and are known as leads long before they ask for a demo.
      { do: 'newsletter', chance: 0.5, in: 'first' },
      { do: 'demo', chance: 0.85, in: 'last' },
      { do: 'contact', chance: 0.2, in: 'any' },
      { do: 'download', chance: 0.4, in: 'any' },
    ],
    outcome: { accept: 0.9, win: 0.6 },
  },
  evaluator: {
    share: 0.22,
    sessions: [2, 7],
    pagesPerSession: [2, 5],
    trajectory: { cycle: 3, rising: 2, steady: 3, fading: 2 },
    sources: { google: 3, google_ads: 3, linkedin_ads: 2, direct: 1, newsletter: 1 },
    // Technical evaluation first: docs and long reads, the whitepaper, pricing now and then.
    browse: { product: 4, pricing: 2, docs: 5, home: 1, post: 1 },
    dwellSeconds: [15, 150],
    email: { company: 9, free: 1 },
    bant: 'weak',
    actions: [
      { do: 'newsletter', chance: 0.35, in: 'first' },
      { do: 'contact', chance: 0.25, in: 'last' },
      { do: 'demo', chance: 0.2, in: 'last' },
      { do: 'download', chance: 0.6, in: 'any' },
    ],
    outcome: { accept: 0.6, win: 0.35 },
  },
  researcher: {
    share: 0.1,
    sessions: [1, 4],
    pagesPerSession: [1, 4],
    trajectory: { steady: 5, fading: 5 },
    sources: { google: 4, linkedin_ads: 2, bing: 1, direct: 1 },
    browse: { post: 4, blog: 3, home: 1, product: 2 },
    dwellSeconds: [30, 300],
    email: { analyst: 5, company: 3, free: 2 },
    actions: [
      { do: 'download', chance: 0.8, in: 'first' },
      { do: 'newsletter', chance: 0.4, in: 'any' },
    ],
    outcome: { accept: 0.2, win: 0.1 },
  },
  student: {
    share: 0.12,
    sessions: [1, 5],
    pagesPerSession: [1, 4],
    trajectory: { steady: 5, fading: 3, rising: 2 },
    sources: { google: 5, university: 3, bing: 1 },
    browse: { docs: 4, post: 3, blog: 2, home: 1, product: 1 },
    dwellSeconds: [20, 240],
    email: { free: 6, student: 4 },
    bant: 'student',
    actions: [
      { do: 'download', chance: 0.6, in: 'any' },
      { do: 'newsletter', chance: 0.4, in: 'any' },
      { do: 'demo', chance: 0.1, in: 'last' },
    ],
    outcome: { accept: 0.05, win: 0 },
  },
  job_seeker: {
    share: 0.12,
    sessions: [1, 4],
    pagesPerSession: [1, 3],
    trajectory: { steady: 6, fading: 4 },
    sources: { job_board: 5, google: 3, direct: 2 },
    browse: { careers: 6, home: 2, product: 1, blog: 1 },
    mustVisit: { careers: 1 },
    dwellSeconds: [20, 200],
    email: { free: 1 },
    actions: [
      { do: 'talent', chance: 0.6, in: 'any' },
      { do: 'newsletter', chance: 0.05, in: 'any' },
    ],
    outcome: { accept: 0, win: 0 },
  },
  browser: {
    share: 0.27,
    sessions: [1, 3],
    pagesPerSession: [1, 4],
    trajectory: { steady: 1 },
    sources: { google: 4, direct: 3, bing: 1, linkedin_ads: 1, google_ads: 1 },
    browse: { home: 4, product: 3, pricing: 2, blog: 1, post: 1, docs: 1 },
    dwellSeconds: [5, 90],
    email: null,
    actions: [],
    outcome: { accept: 0, win: 0 },
  },
  bot: {
    share: 0.1,
    sessions: [1, 6],
    pagesPerSession: [3, 12],
    trajectory: { steady: 1 },
    sources: { direct: 1 },
    browse: { home: 1, product: 1, pricing: 1, docs: 1, blog: 1, post: 1, careers: 1, demo: 1, contact: 1 },
    dwellSeconds: [0, 2],
    email: { spam: 1 },
    bant: 'strong',
    actions: [
      { do: 'contact', chance: 0.2, in: 'any' },
      { do: 'demo', chance: 0.1, in: 'any' },
      { do: 'newsletter', chance: 0.2, in: 'any' },
      { do: 'download', chance: 0.3, in: 'any' },
    ],
    bot: true,
    outcome: { accept: 0, win: 0 },
  },
};

export const PERSONA_SHARES: Weights<PersonaKey> = Object.fromEntries(Object.entries(PERSONAS).map(([k, p]) => [k, p.share]));
