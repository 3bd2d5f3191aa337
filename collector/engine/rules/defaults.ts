import type { z } from 'zod';
import type { engagementRuleSchema, fitRuleSchema, bantSchema } from './schema.js';

/**
 * The default rule set for a B2B SaaS site. Every rule says why it exists (`why`); the README
 * repeats the table. Page classes refer to `sites[].pageClasses` (pricing, demo, contact, docs,
 * careers ...); a rule naming a class a site does not define simply never matches there.
 *
 * Calibration: a typical evaluator (company email, manager title, a handful of page views, pricing
 * twice, a download) lands around the MQL threshold (50); a demo request plus two BANT answers is
 * an SQL. Caps keep one repeated action from dominating: pattern beats single action.
 */
export const DEFAULT_ENGAGEMENT_RULES: z.input<typeof engagementRuleSchema>[] = [
  {
    id: 'page-view',
    label: 'Page view',
    why: 'One view is curiosity; steady visits are interest. Small points, capped per week so a binge of clicks cannot make an MQL on its own.',
    match: { types: ['pageview'] },
    points: 1,
    cap: { points: 15, days: 7 },
    text: 'viewed a page',
    textMany: 'viewed {count} pages in {span}',
  },
  {
    id: 'pricing-view',
    label: 'Pricing page view',
    why: 'Looking at prices is the strongest self-serve buying signal; repeated visits mean evaluation. Capped so reloads do not count as intent.',
    match: { types: ['pageview'], pageClasses: ['pricing'] },
    points: 10,
    cap: { points: 30, days: 7 },
    // Marketer words, not the URL: the pricing page class may cover several paths.
    text: 'visited pricing',
    textMany: 'visited pricing {count}× in {span}',
  },
  {
    id: 'demo-request',
    label: 'Demo request',
    why: 'Asking for a demo is an explicit request to talk to sales: the canonical high-intent action. Very strong, counts once a month.',
    match: { types: ['form'], form: { ids: ['*demo*'], names: ['*demo*'], pageClasses: ['demo'] } },
    points: 40,
    cap: { points: 40, days: 30 },
    highIntent: true,
    text: 'requested a demo',
    textMany: 'requested a demo {count}× in {span}',
  },
  {
    id: 'contact-sales',
    label: 'Contact sales / pricing inquiry',
    why: 'A contact-sales form or a pricing inquiry starts a sales conversation: high intent, nearly as strong as a demo request.',
    match: [
      {
        types: ['form'],
        form: { ids: ['*contact*', '*sales*', '*quote*'], names: ['*contact*', '*sales*', '*quote*'], pageClasses: ['contact'] },
      },
      { types: ['track'], eventNames: ['pricing_inquiry', 'contact_sales', 'request_quote'] },
    ],
    points: 30,
    cap: { points: 30, days: 30 },
    highIntent: true,
    text: 'contacted sales',
    textMany: 'contacted sales {count}× in {span}',
  },
  {
    id: 'webinar-signup',
    label: 'Webinar sign-up',
    why: 'Registering for a webinar spends future time on the product: medium interest, typical of MQLs.',
    match: [
      { types: ['form'], form: { ids: ['*webinar*'], names: ['*webinar*'] } },
      { types: ['track'], eventNames: ['webinar_signup', 'webinar_registered', 'webinar_registration'] },
    ],
    points: 12,
    cap: { points: 24, days: 30 },
    text: 'signed up for a webinar',
    textMany: 'signed up for {count} webinars in {span}',
  },
  {
    id: 'download',
    label: 'Download',
    why: 'A whitepaper, datasheet or case study download is research: medium interest. One download is curiosity, so capped.',
    match: { types: ['download'] },
    points: 8,
    cap: { points: 24, days: 30 },
    text: 'downloaded a file',
    textMany: 'downloaded {count} files in {span}',
  },
  {
    id: 'docs-view',
    label: 'Documentation view',
    why: 'Reading the docs is technical evaluation, often by the team that will use the product.',
    match: { types: ['pageview'], pageClasses: ['docs'] },
    points: 2,
    cap: { points: 10, days: 7 },
    text: 'read the docs',
    textMany: 'read {count} docs pages in {span}',
  },
  {
    id: 'engaged-time',
    label: 'Engaged time on a page (60 s or more)',
    why: 'A minute or more of visible time is reading, not bouncing. Small, capped per week.',
    match: { types: ['engage'], minEngagedSeconds: 60 },
    points: 3,
    cap: { points: 15, days: 7 },
    text: 'spent over a minute reading {path}',
    textMany: 'spent over a minute on a page {count}× in {span}',
  },
  {
    id: 'careers-view',
    label: 'Careers page view',
    why: 'Careers-page visitors are usually job seekers, not buyers. Negative, capped so a candidate who also evaluates is not buried.',
    match: { types: ['pageview'], pageClasses: ['careers'] },
    points: -10,
    cap: { points: 20, days: 30 },
    text: 'visited the careers page',
    textMany: 'visited the careers page {count}× in {span}',
  },
];

/** Senior titles: decision makers and budget holders. */
export const SENIOR_TITLE =
  '\\b(chief|ceo|cto|cfo|coo|cmo|cio|ciso|cro|vp|svp|evp|vice president|head of|director|founder|co-?founder|owner|president|partner|managing director)\\b';

export const DEFAULT_BANT: z.input<typeof bantSchema> = {
  budget: [
    { trait: 'budget', pattern: '^(yes|y|true|approved|confirmed|allocated|secured|available|have budget|budget approved)\\b' },
    { trait: 'budget', min: 1 },
  ],
  authority: [
    { trait: 'authority', pattern: '^(yes|y|true|decision[ -]?maker|final (say|decision)|approver|signer|budget holder)\\b' },
    { trait: 'title', pattern: SENIOR_TITLE },
  ],
  need: [{ trait: 'need', present: true, notPattern: '^\\s*(no|none|n|false|not sure|unsure|just looking|n/a)\\s*$' }],
  timeline: [
    {
      trait: 'timeline',
      pattern:
        '^(now|immediately|asap|this (week|month|quarter)|next (month|quarter)|within (1|2|3) months?|within (30|60|90) days|(0|1|2)\\s*-\\s*3 months|[0-3] months?|(less than|under|<)\\s*(3 months|90 days))$',
    },
    // A numeric answer is read as days.
    { trait: 'timeline', min: 0, max: 90 },
  ],
};

export const DEFAULT_FIT_RULES: z.input<typeof fitRuleSchema>[] = [
  {
    id: 'company-email',
    label: 'Company email address',
    why: 'A work address ties the person to a company we can sell to.',
    match: { trait: 'email_type', equals: ['company'] },
    points: 10,
    text: 'company email address',
  },
  {
    id: 'free-mail',
    label: 'Free-mail address',
    why: 'Gmail, Outlook & co. are often students, job seekers or personal projects: worse fit.',
    match: { trait: 'email_type', equals: ['free'] },
    points: -15,
    text: 'free-mail address',
  },
  {
    id: 'student',
    label: 'Student',
    why: 'Students and interns rarely buy B2B software. Matches titles and academic email domains (.edu, .ac.xx, uni-…, stud.…).',
    match: [
      { trait: 'title', pattern: '\\b(student|intern|trainee|phd candidate)\\b' },
      { trait: 'email_type', equals: ['education'] },
    ],
    points: -20,
    text: 'looks like a student',
  },
  {
    id: 'senior-title',
    label: 'Senior title',
    why: 'Executives, VPs, heads and directors hold budget and sign contracts.',
    match: { trait: 'title', pattern: SENIOR_TITLE },
    points: 15,
    text: 'senior title ({value})',
  },
  {
    id: 'manager-title',
    label: 'Manager or lead title',
    why: 'Managers and team leads shape the shortlist even when they do not sign.',
    match: { trait: 'title', pattern: '\\b(manager|team lead|lead|principal|architect)\\b', notPattern: SENIOR_TITLE },
    points: 5,
    text: 'manager title ({value})',
  },
  {
    id: 'company-size-core',
    label: 'Company size 50-5,000',
    why: 'The core of the B2B SaaS market: big enough to pay, small enough to decide quickly.',
    match: { trait: 'company_size', min: 50, max: 5000 },
    points: 10,
    text: 'company size {value}',
  },
  {
    id: 'company-size-enterprise',
    label: 'Company size over 5,000',
    why: 'Enterprises pay well but buy slowly: positive, less than the core.',
    match: { trait: 'company_size', min: 5001 },
    points: 5,
    text: 'enterprise ({value} employees)',
  },
  {
    id: 'company-size-tiny',
    label: 'Company size under 10',
    why: 'Very small companies seldom need (or pay for) a sales-led product.',
    match: { trait: 'company_size', min: 0, max: 9 },
    points: -5,
    text: 'very small company ({value})',
  },
  {
    id: 'bant-budget',
    label: 'Budget confirmed',
    why: 'BANT: money is set aside.',
    match: { bant: 'budget' },
    points: 10,
    text: 'budget confirmed',
  },
  {
    id: 'bant-authority',
    label: 'Decision maker',
    why: 'BANT: the person can decide (an explicit answer; senior titles already score as senior-title).',
    match: { trait: 'authority', pattern: '^(yes|y|true|decision[ -]?maker|final (say|decision)|approver|signer|budget holder)\\b' },
    points: 10,
    text: 'is a decision maker',
  },
  {
    id: 'bant-need',
    label: 'Need stated',
    why: 'BANT: a concrete problem to solve.',
    match: { bant: 'need' },
    points: 5,
    text: 'stated a need ({value})',
  },
  {
    id: 'bant-timeline',
    label: 'Buying within 90 days',
    why: 'BANT: a purchase timeline within 90 days.',
    match: { bant: 'timeline' },
    points: 10,
    text: 'buying within 90 days',
  },
];
