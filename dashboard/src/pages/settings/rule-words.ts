/**
 * Scoring rules as sentences for the Settings page: "a page view of a pricing page", "title
 * contains chief, ceo, vp or head of". Patterns that are simple word lists are read out as words;
 * anything more involved is said as "matches a pattern" and the pattern itself is kept for a tooltip.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: Json | undefined): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const EVENT_NOUNS: Record<string, string> = {
  pageview: 'a page view',
  form: 'a form submit',
  download: 'a download',
  outbound: 'an outbound click',
  engage: 'time on a page',
  track: 'a custom event',
  identify: 'an identify',
};

/** Splits on `|` outside parentheses and brackets. */
function topLevelAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of source) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === '|' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/**
 * The words of a pattern that is a list of alternatives (`\b(vp|head of|c[eo]o)\b` → vp, head of,
 * ceo/coo), or null when it is more than that.
 */
export function patternWords(source: string): string[] | null {
  let s = source.replace(/\\b/g, '').replace(/^\^/, '').replace(/\$$/, '');
  if (/^\((?!\?)/.test(s) && s.endsWith(')') && topLevelAlternatives(s.slice(1, -1)).join('|') === s.slice(1, -1)) s = s.slice(1, -1);
  const words = topLevelAlternatives(s).map((alt) =>
    alt
      .replace(/\[ -\]\?/g, ' ')
      .replace(/(\w)-\?/g, '$1-')
      .replace(/\[([a-z]{2,})\]/g, (_m, set: string) => `{${set}}`)
      .replace(/\(([\w ]+(?:\|[\w ]+)+)\)/g, (_m, alts: string) => alts.split('|').join('/'))
      .trim(),
  );
  if (words.some((w) => !w || /[\\^$.*+?()[\]|]/.test(w))) return null;
  // c{eo}o → ceo/coo: spell out a one-letter choice.
  return words.map((w) =>
    w.replace(/^(.*)\{([a-z]+)\}(.*)$/, (_m, pre: string, set: string, post: string) => [...set].map((c) => `${pre}${c}${post}`).join('/')),
  );
}

const traitName = (t: string) => t.replace(/_/g, ' ');

/** One trait test in words: "title contains vp or head of", "company size 50 to 5000". */
export function describeTraitMatcher(m: Obj): string {
  const name = traitName(String(m.trait));
  const parts: string[] = [];
  if (m.equals !== undefined) parts.push(`is ${orList(strings(m.equals))}`);
  for (const [key, verb, negated] of [
    ['pattern', 'contains', 'matches a pattern'],
    ['notPattern', 'does not contain', 'does not match a pattern'],
  ] as const) {
    if (typeof m[key] !== 'string') continue;
    const words = patternWords(m[key] as string);
    parts.push(words ? `${verb} ${orList(words)}` : negated);
  }
  if (typeof m.min === 'number' && typeof m.max === 'number') parts.push(`is ${m.min} to ${m.max}`);
  else if (typeof m.min === 'number') parts.push(`is at least ${m.min}`);
  else if (typeof m.max === 'number') parts.push(`is at most ${m.max}`);
  if (m.present === true) parts.push('is given');
  if (m.present === false) parts.push('is missing');
  return `${name} ${parts.join(' and ')}`.trim();
}

/** A fit rule's condition: one trait test, any of several, or a BANT criterion. */
export function describeFitMatch(match: Json | undefined): string {
  if (Array.isArray(match)) return orList(match.filter(isObj).map(describeTraitMatcher));
  if (!isObj(match)) return '—';
  if (typeof match.bant === 'string') return `the ${match.bant} criterion of BANT is met`;
  return describeTraitMatcher(match);
}

/** One set of event criteria (all must hold) in words. */
export function describeCriteria(c: Obj): string {
  const types = strings(c.types);
  let s = types.length ? orList(types.map((t) => EVENT_NOUNS[t] ?? `a ${t} event`)) : 'any event';
  const pageClasses = strings(c.pageClasses);
  if (pageClasses.length) s += ` of a ${orList(pageClasses)} page`;
  const paths = strings(c.paths);
  if (paths.length) s += ` at ${orList(paths)}`;
  if (isObj(c.form)) {
    const f = c.form;
    const which = [
      ...strings(f.ids).map((g) => `id ${g}`),
      ...strings(f.names).map((g) => `name ${g}`),
      ...strings(f.pageClasses).map((p) => `sent from a ${p} page`),
    ];
    s += ` whose form has ${orList(which)}`;
  }
  const names = strings(c.eventNames);
  if (names.length) s += ` named ${orList(names)}`;
  const hrefs = strings(c.hrefs);
  if (hrefs.length) s += ` of ${orList(hrefs)}`;
  if (typeof c.minEngagedSeconds === 'number') s += ` of at least ${c.minEngagedSeconds} s`;
  return s;
}

/** An engagement rule's condition: one set of criteria, or any of several. */
export function describeEngagementMatch(match: Json | undefined): string {
  if (Array.isArray(match)) return orList(match.filter(isObj).map(describeCriteria));
  return isObj(match) ? describeCriteria(match) : '—';
}

type Stages = { hysteresis?: number; mql?: Obj; sql?: Obj; nearSql?: Obj };
const num = (v: Json | undefined) => (typeof v === 'number' ? v : '?');

/** The stage criteria as the engine applies them (collector/engine/stages/settings.ts), in words. */
export function stageSentences(stages: Stages): { stage: string; text: string }[] {
  const { mql = {}, sql = {}, nearSql = {} } = stages;
  const intent = `a high-intent action (a demo request, contacting sales) in the last ${num(sql.intentWindowDays)} days, or engagement of at least ${num(sql.engagement)}`;
  return [
    { stage: 'MQL', text: `score at least ${num(mql.score)}, of which engagement at least ${num(mql.minEngagement)}.` },
    {
      stage: 'Near-SQL',
      text: `${intent} with at most ${num(nearSql.maxMissingBant)} BANT answer missing; or an MQL with enough BANT answers but no intent yet.`,
    },
    { stage: 'SQL', text: `${intent}, and at least ${num(sql.minBant)} of the 4 BANT criteria met.` },
    {
      stage: 'Falling back',
      text: `a lead keeps its stage until its numbers fall ${Math.round((typeof stages.hysteresis === 'number' ? stages.hysteresis : 0) * 100)}% below the threshold.`,
    },
  ];
}
