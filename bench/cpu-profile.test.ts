import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../collector/paths.js';
import { hotFunctions, type CpuProfile } from './cpu-profile.js';

it('sums self time by function across call sites, largest first, with project-relative places', () => {
  const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    startTime: 0,
    endTime: 1e6,
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1), hitCount: 0 },
      { id: 2, callFrame: frame('run', `file://${join(projectRoot, 'dist/collector/main.js')}`, 9), hitCount: 30 },
      { id: 3, callFrame: frame('parse', 'file:///x/node_modules/zod/v4/core.js', 0), hitCount: 50 },
      { id: 4, callFrame: frame('run', `file://${join(projectRoot, 'dist/collector/main.js')}`, 9), hitCount: 10 },
      { id: 5, callFrame: frame('', 'node:internal/streams', 4), hitCount: 10 },
    ],
  };
  expect(hotFunctions(profile)).toEqual([
    { name: 'parse', where: 'zod/v4/core.js:1', selfPercent: 50 },
    { name: 'run', where: 'dist/collector/main.js:10', selfPercent: 40 },
    { name: '(anonymous)', where: 'node:internal/streams:5', selfPercent: 10 },
  ]);
  expect(hotFunctions(profile, 1)).toHaveLength(1);
});
