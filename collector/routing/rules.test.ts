import { describe, expect, it } from 'vitest';
import { routingSchema, type RoutingRule } from './config.js';
import { roundRobinPick, routeCandidates, ruleMatches } from './rules.js';
import type { LeadFacts } from '../store/port/routing.js';

const facts = (f: Partial<LeadFacts> = {}): LeadFacts => ({ domain: 'acme.io', sites: ['demo'], traits: {}, ...f });
const rule = (r: Partial<RoutingRule>): RoutingRule => ({ name: 'r', to: 'anna@example.com', ...r });

describe('ruleMatches: every condition the rule gives must hold', () => {
  const dach = rule({ country: ['DE', 'AT', 'CH'] });
  it.each([
    ['country in the list (JSON-stored trait, any case)', dach, facts({ traits: { country: '"de"' } }), true],
    ['country not in the list', dach, facts({ traits: { country: '"FR"' } }), false],
    ['no country trait', dach, facts(), false],
    ['trait value', rule({ trait: { key: 'industry', in: ['SaaS'] } }), facts({ traits: { industry: '"saas"' } }), true],
    [
      'numeric trait compared as text',
      rule({ trait: { key: 'company_size', in: ['120'] } }),
      facts({ traits: { company_size: '120' } }),
      true,
    ],
    ['trait missing', rule({ trait: { key: 'industry', in: ['SaaS'] } }), facts(), false],
    ['site seen', rule({ site: ['shop', 'demo'] }), facts(), true],
    ['site not seen', rule({ site: ['shop'] }), facts(), false],
    ['domain', rule({ domain: ['ACME.io'] }), facts(), true],
    ['free-mail lead has no domain', rule({ domain: ['acme.io'] }), facts({ domain: null }), false],
    ['all conditions: one fails', rule({ country: ['DE'], site: ['shop'] }), facts({ traits: { country: '"DE"' } }), false],
    ['all conditions hold', rule({ country: ['DE'], site: ['demo'] }), facts({ traits: { country: '"DE"' } }), true],
  ])('%s', (_, r, f, expected) => expect(ruleMatches(r, f)).toBe(expected));
});

describe('routeCandidates: account owner, then matching rules in order, then round-robin', () => {
  const config = routingSchema.parse({
    rules: [
      { name: 'dach', country: ['DE', 'AT', 'CH'], to: 'anna@example.com' },
      { name: 'demo-site', site: ['demo'], to: 'ben@example.com' },
      { name: 'shop', site: ['shop'], to: 'cleo@example.com' },
    ],
  });
  it('lists what applies, first match first', () => {
    expect(routeCandidates(config, facts({ traits: { country: '"AT"' } }), 7)).toEqual([
      { how: 'account', userId: 7 },
      { how: 'rule:dach', email: 'anna@example.com' },
      { how: 'rule:demo-site', email: 'ben@example.com' },
      { how: 'round-robin' },
    ]);
  });
  it('without an account owner, or with account routing off, the rules lead', () => {
    expect(routeCandidates(config, facts(), null)[0]).toEqual({ how: 'rule:demo-site', email: 'ben@example.com' });
    expect(routeCandidates({ ...config, accountOwner: false }, facts(), 7)[0]).toEqual({ how: 'rule:demo-site', email: 'ben@example.com' });
  });
  it('round-robin only when turned on', () => {
    expect(routeCandidates({ ...config, roundRobin: false }, facts({ sites: [] }), null)).toEqual([]);
  });
});

describe('roundRobinPick', () => {
  it('takes turns over the available users in id order, whatever order they come in', () => {
    expect([0, 1, 2, 3, 4].map((turn) => roundRobinPick([9, 3, 5], turn))).toEqual([3, 5, 9, 3, 5]);
    expect(roundRobinPick([], 4)).toBeNull();
  });
});

describe('routing config', () => {
  it('defaults: MQL, account owners, round-robin, follow-up to the team', () => {
    expect(routingSchema.parse(undefined)).toEqual({
      stage: 'mql',
      accountOwner: true,
      rules: [],
      roundRobin: true,
      followUp: { remindOwner: true, escalateAfterHours: 24, escalateTo: 'team', checkEverySeconds: 60 },
    });
  });
  it.each([
    [{ rules: [{ name: 'x', to: 'a@b.co' }] }, 'at least one of'],
    [{ rules: [{ name: 'x', country: ['DE'], to: 'not-an-email' }] }, 'email'],
    [
      {
        rules: [
          { name: 'x', country: ['DE'], to: 'a@b.co' },
          { name: 'x', site: ['s'], to: 'a@b.co' },
        ],
      },
      'appears twice',
    ],
    [{ stage: 'visitor' }, 'stage'],
  ])('refuses %j', (input, message) => {
    const result = routingSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error!.issues)).toContain(message);
  });
});
