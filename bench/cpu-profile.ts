import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../collector/paths.js';

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  where: string;
  selfPercent: number;
}

/** Where the time went, by function (self time): the explanation a missed target needs. */
export function hotFunctions(profile: CpuProfile, top = 15): HotFunction[] {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const n = node.hitCount ?? 0;
    if (!n) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const where = file
      ? `${file.startsWith(projectRoot) ? relative(projectRoot, file) : file.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'}\t${where}`;
    hits.set(key, (hits.get(key) ?? 0) + n);
    total += n;
  }
  return [...hits]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => {
      const [name, where] = key.split('\t') as [string, string];
      return { name, where, selfPercent: Math.round((n / total) * 1000) / 10 };
    });
}

// `node dist/bench/cpu-profile.js DIR`: the hot functions of each profile that `npm run bench --
// --cpu-prof DIR` left there (one per process the bench started).
if (process.argv[1]?.endsWith('cpu-profile.js')) {
  const dir = process.argv[2] ?? '.';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    console.log(`\n${file} (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)`);
    for (const f of hotFunctions(profile)) console.log(`${f.selfPercent.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`);
  }
}
