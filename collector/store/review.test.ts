import { describe, expect, it } from 'vitest';
import { seededStores } from '../../test/support/seeded-reads.js';
import { at, kpiFixture } from '../../test/support/kpis-fixture.js';

// The third quarter of 2026: 1 July to 1 October.
const fixture = kpiFixture([
  { id: 1, created: at(6, 1), mql: at(7, 2), sql: at(7, 5), stage: 'sql', actions: [['accepted', at(7, 6)], ['won', at(8, 1)]], scores: { sql: 70, action: 65 } },
  { id: 2, created: at(7, 1), mql: at(7, 2), stage: 'mql', actions: [['rejected', at(7, 10)]], scores: { action: 30 } },
  { id: 3, created: at(5, 1), mql: at(5, 2), sql: at(6, 1), stage: 'sql', actions: [['won', at(6, 20)]], scores: { sql: 80, action: 85 } },
  { id: 4, created: at(6, 1), mql: at(6, 2), sql: at(7, 1), stage: 'sql', actions: [['lost', at(9, 30, 23)]], scores: { sql: 90, action: 91 } },
  { id: 5, created: at(7, 1), mql: at(7, 1), sql: at(7, 2), stage: 'sql', actions: [['accepted', at(7, 3)]], scores: { sql: 60, action: 61 } },
  { id: 6, created: at(7, 1), stage: 'lead', actions: [['won', at(7, 3)], ['reopen', at(7, 4)]] },
  { id: 7, created: at(7, 1), stage: 'lead', actions: [['lost', at(10, 1)]] },
]); // prettier-ignore

for (const store of seededStores('collector/store/review.test.ts', fixture)) {
  describe.runIf(store.enabled)(`the review read on ${store.name}`, () => {
    const reads = store.harness();

    it("reads the leads closed in the quarter with their scores at SQL entry and at sales' first action", async () => {
      expect(await reads().reviewLeads(at(7, 1), at(10, 1))).toEqual([
        { id: 1, email: 'p1@acme.io', disposition: 'won', disposition_at: at(8, 1), sql_score: 70, action_score: 65 },
        { id: 2, email: 'p2@acme.io', disposition: 'rejected', disposition_at: at(7, 10), sql_score: null, action_score: 30 },
        { id: 4, email: 'p4@acme.io', disposition: 'lost', disposition_at: at(9, 30, 23), sql_score: 90, action_score: 91 },
      ]);
    });
  });
}
