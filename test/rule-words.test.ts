/** Cross-part: the Settings page's sentences for the collector's default rules (no regex may show). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BANT, DEFAULT_ENGAGEMENT_RULES, DEFAULT_FIT_RULES, SENIOR_TITLE } from '../collector/engine/rules/defaults.js';
import {
  describeEngagementMatch,
  describeFitMatch,
  orList,
  patternWords,
  stageSentences,
} from '../dashboard/src/pages/settings/rule-words.js';

const rule = (list: { id: string; match: unknown }[], id: string) => list.find((r) => r.id === id)!.match as never;

describe('rules in words', () => {
  it('reads word-list patterns out as words', () => {
    expect(patternWords('\\b(student|intern|phd candidate)\\b')).toEqual(['student', 'intern', 'phd candidate']);
    expect(patternWords('^(yes|decision[ -]?maker|final (say|decision))\\b')).toEqual(['yes', 'decision maker', 'final say/decision']);
    expect(patternWords('c[eo]o|co-?founder')).toEqual(['ceo/coo', 'co-founder']);
    expect(patternWords(SENIOR_TITLE)).toContain('vice president');
    // More than a word list: no words.
    expect(patternWords('^\\d+$')).toBeNull();
    expect(patternWords('(a|b)+x')).toBeNull();
  });

  it('says engagement rules as sentences', () => {
    expect(describeEngagementMatch(rule(DEFAULT_ENGAGEMENT_RULES as never, 'pricing-view'))).toBe('a page view of a pricing page');
    expect(describeEngagementMatch(rule(DEFAULT_ENGAGEMENT_RULES as never, 'contact-sales'))).toBe(
      'a form submit whose form has id *contact*, id *sales*, id *quote*, name *contact*, name *sales*, name *quote* or sent from a contact page or a custom event named pricing_inquiry, contact_sales or request_quote',
    );
    expect(describeEngagementMatch({ types: ['engage'], minEngagedSeconds: 60 })).toBe('time on a page of at least 60 s');
  });

  it('says fit rules and BANT answers as sentences, with no regex left in them', () => {
    const texts = [
      ...DEFAULT_FIT_RULES.map((r) => describeFitMatch(r.match as never)),
      ...Object.values(DEFAULT_BANT).map((m) => describeFitMatch(m as never)),
    ];
    for (const t of texts) expect(t, t).not.toMatch(/\\b|\\d|\[|\]|\(\?|\^|\$/);
    expect(describeFitMatch(rule(DEFAULT_FIT_RULES as never, 'company-size-core'))).toBe('company size is 50 to 5000');
    expect(describeFitMatch(rule(DEFAULT_FIT_RULES as never, 'student'))).toBe(
      'title contains student, intern, trainee or phd candidate or email type is education',
    );
    expect(describeFitMatch({ bant: 'budget' })).toBe('the budget criterion of BANT is met');
    expect(describeFitMatch({ trait: 'phone', present: false })).toBe('phone is missing');
  });

  it('says the stage thresholds as sentences', () => {
    const s = stageSentences({
      hysteresis: 0.2,
      mql: { score: 50, minEngagement: 20 },
      sql: { minBant: 2, intentWindowDays: 14, engagement: 120 },
      nearSql: { maxMissingBant: 1 },
    });
    expect(s.map((x) => x.stage)).toEqual(['MQL', 'Near-SQL', 'SQL', 'Falling back']);
    expect(s[0]!.text).toBe('score at least 50, of which engagement at least 20.');
    expect(s[2]!.text).toContain('at least 2 of the 4 BANT criteria');
    expect(s[3]!.text).toContain('20% below');
  });

  it('joins lists the way people do', () => {
    expect([orList([]), orList(['a']), orList(['a', 'b']), orList(['a', 'b', 'c'])]).toEqual(['', 'a', 'a or b', 'a, b or c']);
  });
});
