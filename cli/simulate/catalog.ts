/**
 * What the simulated visitors see and who they are: the demo site's pages (paths and titles as in
 * demo/*.html, checked by a test), its forms, traffic sources, browsers and bots, and the name,
 * company and title pools people are drawn from. Data only.
 */
export const PAGES = {
  home: { path: '', title: 'Tallyworks — close the books in three days' },
  product: { path: 'product.html', title: 'Product — Tallyworks' },
  pricing: { path: 'pricing.html', title: 'Pricing — Tallyworks' },
  docs: { path: 'docs.html', title: 'Docs — Tallyworks' },
  blog: { path: 'blog/', title: 'Blog — Tallyworks' },
  post: { path: 'blog/month-end-close-in-three-days.html', title: 'How to close the books in three days — Tallyworks blog' },
  careers: { path: 'careers.html', title: 'Careers — Tallyworks' },
  demo: { path: 'demo-request.html', title: 'Request a demo — Tallyworks' },
  contact: { path: 'contact-sales.html', title: 'Contact sales — Tallyworks' },
  thanks: { path: 'thanks.html', title: 'Thank you — Tallyworks' },
} as const;
export type PageKey = keyof typeof PAGES;

export const WHITEPAPER_PATH = 'whitepaper.pdf';

/** The forms on the demo site: where they are, their id, and which fields they carry. */
export const FORMS = {
  newsletter: { page: null, id: 'newsletter', fields: ['email'] },
  talent: { page: 'careers', id: 'talent-community', fields: ['name', 'email', 'role_interest', 'profile_url'] },
  demo: {
    page: 'demo',
    id: 'demo-request',
    fields: ['name', 'email', 'title', 'company', 'company_size', 'country', 'budget', 'authority', 'need', 'timeline', 'message'],
  },
  contact: { page: 'contact', id: 'contact-sales', fields: ['name', 'email', 'title', 'company', 'company_size', 'country', 'message'] },
} as const satisfies Record<string, { page: PageKey | null; id: string; fields: readonly string[] }>;
export type FormKey = keyof typeof FORMS;

/** BANT answer profiles (values of the demo-request form's selects), each answer weighted. */
export const BANT_PROFILES = {
  strong: {
    budget: { approved: 7, planned: 3 },
    authority: { 'decision-maker': 6, influencer: 4 },
    need: { 'replace-current-tool': 5, 'automate-manual-process': 3, 'spend-visibility': 2 },
    timeline: { 'within 30 days': 35, 'within 90 days': 50, 'later this year': 15 },
  },
  weak: {
    budget: { none: 5, planned: 4, approved: 1 },
    authority: { influencer: 5, 'end-user': 5 },
    need: { 'automate-manual-process': 4, 'spend-visibility': 3, 'just looking': 3 },
    timeline: { 'later this year': 5, 'no timeline': 4, 'within 90 days': 1 },
  },
  student: {
    budget: { none: 1 },
    authority: { student: 1 },
    need: { 'just looking': 1 },
    timeline: { 'no timeline': 1 },
  },
} as const;
export type BantProfile = keyof typeof BANT_PROFILES;

/** Where a session comes from: an external referrer and/or UTM tags on the landing URL. */
export const SOURCES = {
  direct: {},
  google: { referrer: 'https://www.google.com/' },
  bing: { referrer: 'https://www.bing.com/' },
  google_ads: { utm: 'utm_source=google&utm_medium=cpc&utm_campaign=ap-automation' },
  linkedin_ads: { referrer: 'https://www.linkedin.com/', utm: 'utm_source=linkedin&utm_medium=paid_social&utm_campaign=close-faster-q1' },
  newsletter: { utm: 'utm_source=newsletter&utm_medium=email&utm_campaign=month-end-memo' },
  g2: { referrer: 'https://www.g2.com/' },
  capterra: { referrer: 'https://www.capterra.com/' },
  job_board: { referrer: 'https://www.indeed.com/' },
  university: { referrer: 'https://canvas.northfield-university.edu/' },
} as const satisfies Record<string, { referrer?: string; utm?: string }>;
export type SourceKey = keyof typeof SOURCES;

export const HUMAN_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
] as const;

/** Crawlers, headless browsers and scripts: the collector must drop every one of their events. */
export const BOT_AGENTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  'python-requests/2.32.3',
  'curl/8.5.0',
  'Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)',
] as const;

export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'proton.me', 'icloud.com', 'gmx.de'] as const;
export const STUDENT_DOMAINS = ['students.northfield-university.edu', 'mail.lakeside-college.edu', 'stud.uni-example.de'] as const;
export const ANALYST_DOMAINS = ['finresearch-group.example', 'ledger-insights.example', 'cfo-advisory.example'] as const;
export const SPAM_DOMAINS = ['seo-boost.example', 'cheap-leads.example'] as const;

export const FIRST_NAMES = [
  'Ada',
  'Aisha',
  'Alex',
  'Amara',
  'Ben',
  'Carlos',
  'Chen',
  'Dana',
  'Diego',
  'Elena',
  'Emeka',
  'Fatima',
  'Farah',
  'Grace',
  'Hannah',
  'Hiro',
  'Ines',
  'Ivan',
  'Jamal',
  'Jana',
  'Jonas',
  'Kai',
  'Katarzyna',
  'Lars',
  'Leila',
  'Lucas',
  'Maya',
  'Mateo',
  'Mei',
  'Nadia',
  'Noah',
  'Olu',
  'Omar',
  'Priya',
  'Rafael',
  'Rosa',
  'Sam',
  'Sara',
  'Sofia',
  'Tariq',
  'Tom',
  'Uma',
  'Viktor',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoe',
  'Zanele',
] as const;
export const LAST_NAMES = [
  'Adeyemi',
  'Andersen',
  'Bauer',
  'Becker',
  'Chen',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'Garcia',
  'Haddad',
  'Hughes',
  'Ibrahim',
  'Ivanova',
  'Jensen',
  'Kim',
  'Kowalski',
  'Larsen',
  'Lopez',
  'Martin',
  'Meyer',
  'Mensah',
  'Moreau',
  'Nakamura',
  'Novak',
  "O'Brien",
  'Okafor',
  'Patel',
  'Petrov',
  'Quinn',
  'Rahman',
  'Rossi',
  'Santos',
  'Schmidt',
  'Silva',
  'Singh',
  'Tanaka',
  'Torres',
  'Varga',
  'Wagner',
  'Walsh',
  'Weber',
  'Whitfield',
  'Yilmaz',
  'Zhang',
] as const;

/** Company names are a stem and a trade; the domain is their slug under the reserved .example TLD. */
export const COMPANY_STEMS = [
  'Northwind',
  'Bluepeak',
  'Granite',
  'Harbor',
  'Ironleaf',
  'Juniper',
  'Keystone',
  'Lumen',
  'Maple',
  'Nimbus',
  'Oakridge',
  'Pioneer',
  'Quarry',
  'Redwood',
  'Silverline',
  'Tidewater',
  'Summit',
  'Vantage',
  'Westfield',
  'Brightwater',
  'Crescent',
  'Driftwood',
  'Evergreen',
  'Foxglove',
  'Goldcrest',
] as const;
export const COMPANY_TRADES = [
  'Logistics',
  'Foods',
  'Health',
  'Manufacturing',
  'Retail',
  'Energy',
  'Software',
  'Hotels',
  'Builders',
  'Pharma',
] as const;
export const COMPANY_SIZES = { '11-50': 2, '51-200': 4, '201-1000': 5, '1001-5000': 3, '5000+': 1 } as const;
export const COUNTRIES = { US: 5, GB: 2, DE: 2, FR: 1, NL: 1, CA: 1, AU: 1, IN: 1 } as const;

export const TITLES = {
  buyer: ['CFO', 'VP Finance', 'Controller', 'Head of Finance Operations', 'Finance Director', 'Director of Accounting'],
  evaluator: [
    'AP Manager',
    'Senior Accountant',
    'Financial Analyst',
    'Finance Systems Manager',
    'Procurement Manager',
    'Accounts Payable Lead',
  ],
  researcher: ['Research Analyst', 'Industry Analyst', 'Consultant', 'Product Marketing Manager'],
  student: ['Student', 'MBA Candidate'],
} as const;

export const ROLES_WANTED = [
  'Senior Backend Engineer, Payments',
  'Product Designer',
  'Account Executive, Mid-Market',
  'Finance Operations Intern',
] as const;
