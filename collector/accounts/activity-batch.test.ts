import { describe, expect, it } from 'vitest';
import type { ActivityRow } from '../store/port/accounts.js';
import { ActivityBatch } from './activity-batch.js';

const view = { views: 1, pricing_views: 0, downloads: 0, forms: 0, points: 2 };
const pricing = { views: 1, pricing_views: 1, downloads: 0, forms: 0, points: 5 };
const at = (visitor: string, lead: number, day: number, key = '') => ({
  account_key: key,
  site: 's',
  visitor_id: visitor,
  lead_id: lead,
  day,
});

function recorder(sorted = false) {
  const written: ActivityRow[] = [];
  return { written, batch: new ActivityBatch(async (row) => void written.push({ ...row }), sorted) };
}

describe('ActivityBatch', () => {
  it('writes one summed row per browser, person and day, keeping the latest non-empty account key', async () => {
    const { written, batch } = recorder();
    batch.add(at('v1', 7, 100, 'd:acme.com'), view);
    batch.add(at('v1', 7, 100, ''), pricing);
    batch.add(at('v1', 7, 101, 'd:acme.com'), view);
    batch.add(at('v1', 7, 100, 'd:globex.com'), view);
    expect(written).toEqual([]); // nothing before the flush
    await batch.flush();
    expect(written).toEqual([
      { ...at('v1', 7, 100, 'd:globex.com'), views: 3, pricing_views: 1, downloads: 0, forms: 0, points: 9 },
      { ...at('v1', 7, 101, 'd:acme.com'), ...view },
    ]);
    await batch.flush();
    expect(written).toHaveLength(2); // a flush empties the batch
  });

  it("writes a new row's every column as given, and adds to its own copy, not to the counts given", async () => {
    const { written, batch } = recorder();
    const counts = { views: 1, pricing_views: 2, downloads: 3, forms: 4, points: 5 };
    batch.add(at('v1', 7, 100, 'd:acme.com'), counts);
    batch.add(at('v1', 7, 100, ''), counts);
    await batch.flush();
    expect(written).toStrictEqual([
      {
        account_key: 'd:acme.com',
        site: 's',
        visitor_id: 'v1',
        lead_id: 7,
        day: 100,
        views: 2,
        pricing_views: 4,
        downloads: 6,
        forms: 8,
        points: 10,
      },
    ]);
    expect(counts).toEqual({ views: 1, pricing_views: 2, downloads: 3, forms: 4, points: 5 });
  });

  it('writes held rows before a browser with anonymous activity is read, and only then', async () => {
    const { written, batch } = recorder();
    batch.add(at('v1', 0, 100), view);
    batch.add(at('v2', 3, 100, 'd:acme.com'), view);
    await batch.settleBrowser('s', 'v2'); // v2 holds no anonymous row: nothing to write yet
    expect(written).toEqual([]);
    await batch.settleBrowser('s', 'v1');
    expect(written.map((r) => r.visitor_id)).toEqual(['v1', 'v2']);
    await batch.settleBrowser('s', 'v1');
    expect(written).toHaveLength(2);
  });

  it('starts afresh after a flush, even for the same row as the last event’s', async () => {
    const { written, batch } = recorder();
    batch.add(at('v1', 7, 100, 'd:acme.com'), view);
    await batch.flush();
    batch.add(at('v1', 7, 100, 'd:acme.com'), pricing);
    batch.add(at('v1', 7, 100, ''), view);
    await batch.flush();
    expect(written).toEqual([
      { ...at('v1', 7, 100, 'd:acme.com'), ...view },
      { ...at('v1', 7, 100, 'd:acme.com'), views: 2, pricing_views: 1, downloads: 0, forms: 0, points: 7 },
    ]);
  });

  describe('sealed batches (a rebuild)', () => {
    it('writes the rows of every batch at the flush, in key order when sorted, batches in order within a key', async () => {
      const { written, batch } = recorder(true);
      batch.add(at('v2', 7, 101, 'n:1'), view);
      batch.add(at('v1', 7, 100, 'n:1'), view);
      batch.seal();
      batch.add(at('v1', 7, 100, 'n:2'), pricing);
      batch.add(at('v1', 3, 100, 'n:2'), view);
      batch.seal();
      expect(written).toEqual([]);
      expect(batch.size).toBe(4);
      await batch.flush();
      // One upsert per batch for v1/7/100, the first batch's first: the table keeps the later key (n:2).
      expect(written).toEqual([
        { ...at('v1', 3, 100, 'n:2'), ...view },
        { ...at('v1', 7, 100, 'n:1'), ...view },
        { ...at('v1', 7, 100, 'n:2'), ...pricing },
        { ...at('v2', 7, 101, 'n:1'), ...view },
      ]);
      expect(batch.size).toBe(0);
    });

    it('writes first seen first unless sorted', async () => {
      const { written, batch } = recorder();
      batch.add(at('v2', 7, 101), view);
      batch.add(at('v1', 7, 100), view);
      await batch.flush();
      expect(written.map((r) => r.visitor_id)).toEqual(['v2', 'v1']);
    });

    it('settling a browser writes its sealed rows alone, as the end of their batch would have', async () => {
      const { written, batch } = recorder(true);
      batch.add(at('v1', 0, 100), view);
      batch.add(at('v2', 0, 100), view);
      batch.seal();
      batch.add(at('v1', 5, 101, 'd:acme.com'), view);
      await batch.settleBrowser('s', 'v1');
      expect(written).toEqual([{ ...at('v1', 0, 100), ...view }]);
      await batch.settleBrowser('s', 'v1');
      expect(written).toHaveLength(1);
      await batch.flush();
      expect(written.map((r) => `${r.visitor_id}/${r.lead_id}`)).toEqual(['v1/0', 'v1/5', 'v2/0']);
    });

    it('settling a browser with an anonymous row in the current batch writes everything held', async () => {
      const { written, batch } = recorder(true);
      batch.add(at('v2', 4, 100, 'd:acme.com'), view);
      batch.seal();
      batch.add(at('v3', 6, 100, 'd:acme.com'), view);
      batch.add(at('v1', 0, 100), view);
      await batch.settleBrowser('s', 'v1');
      expect(written.map((r) => r.visitor_id)).toEqual(['v1', 'v2', 'v3']);
    });
  });
});
