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

function recorder() {
  const written: ActivityRow[] = [];
  return { written, batch: new ActivityBatch(async (row) => void written.push({ ...row })) };
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
});
