import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../collector/db/migrations/index.js';
import { dataset, datasetFileName, staleDatasets, type DatasetSpec } from './dataset.js';

const full: DatasetSpec = {
  name: 'rescore',
  leads: 50_000,
  engineEventsPerLead: 4,
  bulkEventsPerLead: 16,
  anonymousEvents: 0,
  days: 60,
  seed: 1,
};
const quick: DatasetSpec = { ...full, leads: 5_000 };
const schema = Math.max(...migrations.map((m) => m.version));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('bench datasets', () => {
  it('a quick dataset never counts the full one as stale; an older schema or generator of the same spec is', () => {
    const files = [
      datasetFileName(full, schema),
      datasetFileName(full, schema - 1),
      datasetFileName(full, schema).replace(/-g\d+\.db$/, '-g1.db'),
      datasetFileName(quick, schema),
      'api-l100000-e4+16-a3000000-s2-schema1-g1.db',
    ];
    expect(staleDatasets(files, quick, schema)).toEqual([]);
    expect(staleDatasets(files, full, schema)).toEqual([files[1], files[2]]);
  });

  it('makes a tiny dataset beside the others without deleting them, and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-dataset-'));
    dirs.push(dir);
    const tiny: DatasetSpec = {
      name: 'rescore',
      leads: 20,
      engineEventsPerLead: 3,
      bulkEventsPerLead: 2,
      anonymousEvents: 30,
      days: 10,
      seed: 1,
    };
    const keep = datasetFileName(full, schema);
    writeFileSync(join(dir, keep), 'the full dataset');
    const made = await dataset(tiny, () => {}, dir);
    expect(made).toMatchObject({ leads: 20, events: 20 * 3 + 20 * 2 + 30 });
    expect(made.builtSeconds).not.toBeNull();
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.db'))
        .sort(),
    ).toEqual([datasetFileName(tiny, schema), keep].sort());
    expect((await dataset(tiny, () => {}, dir)).builtSeconds).toBeNull();
  });
});
