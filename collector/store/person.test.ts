import { describe, expect, it } from 'vitest';
import { readsFixture } from '../../test/support/reads.js';
import { seededStores } from '../../test/support/seeded-reads.js';

const T0 = Date.UTC(2025, 0, 1);
const fixture = readsFixture(T0);

const STORES = seededStores('collector/store/person.test.ts', fixture);

for (const store of STORES) {
  describe.runIf(store.enabled)(`one person's rows on ${store.name}`, () => {
    const reads = store.harness();

    it('reads every row about lead 1, each kind in its order, and nothing of other people', async () => {
      const p = (await reads().person(1))!;
      expect(p.lead).toMatchObject({ id: 1, email: 'person1@globex.com' });
      expect(JSON.parse(p.model!)).toEqual({ traits: {}, n: 1 });
      expect(p.events.map((e) => [e.seq, e.title])).toEqual([
        [1, 'Pricing 1'],
        [2, 'Pricing 2'],
        [3, 'Pricing 3'],
      ]);
      expect(p.traits).toEqual([
        { key: 'company_size', value: '120', set_at: T0 + 6, evidence_seq: 3 },
        { key: 'title', value: '"CTO"', set_at: T0 + 5, evidence_seq: 2 },
      ]);
      expect(p.links.map((l) => l.visitor_id)).toEqual(['v1', 'v2']); // link order, though inserted v2 first
      expect(p.visitors.map((v) => v.id)).toEqual(['v1', 'v2']); // not v9, v10: not theirs
      expect(p.history.map((h) => [h.at, h.to_value])).toEqual([
        [T0 + 10, 'won'],
        [T0 + 20, 'lead'],
        [T0 + 20, 'mql'],
      ]);
      const made = { source: 'kindling', crm: null, crm_id: null, amount: null, currency: null, occurred_at: null };
      expect(p.actions).toEqual([
        { at: T0 + 30, action: 'accepted', note: 'call on Monday', ...made },
        { at: T0 + 30, action: 'won', note: 'signed', ...made },
        { at: T0 + 40, action: 'reopen', note: null, ...made },
      ]);
      expect(p.alerts.map((a) => [a.id, a.status])).toEqual([
        ['msg_d', 'delivered'],
        ['msg_a', 'delivered'],
        ['msg_b', 'pending'],
        ['msg_c', 'failed'],
      ]);
    });

    it('reads empty lists for a lead without detail rows, and null for an unknown one', async () => {
      const p = (await reads().person(2))!;
      expect([p.events, p.traits, p.links, p.visitors, p.history, p.actions, p.alerts]).toEqual([[], [], [], [], [], [], []]);
      expect(await reads().person(999)).toBeNull();
    });
  });
}
