import { describe, expect, it } from 'vitest';
import { parseBenchArgs, STEPS } from './args.js';

const cwd = '/repo';

describe('bench arguments', () => {
  it('a full run of every step writes bench/results.json, three rounds, a fifth of visitors identify', () => {
    expect(parseBenchArgs([], cwd)).toEqual({
      quick: false,
      only: [...STEPS],
      out: '/repo/bench/results.json',
      rounds: 3,
      identifyShare: 0.2,
      cpuProf: null,
      help: false,
    });
  });

  it('--quick never writes the committed results unless --out says where', () => {
    expect(parseBenchArgs(['--quick'], cwd).out).toBeNull();
    expect(parseBenchArgs(['--quick', '--out', 'tmp/q.json'], cwd).out).toBe('/repo/tmp/q.json');
    expect(parseBenchArgs(['--quick', '--out', '/abs/q.json'], cwd).out).toBe('/abs/q.json');
  });

  it('a partial run (--only) is one run too: not spliced into the committed file', () => {
    const args = parseBenchArgs(['--only', 'rescore, snippet'], cwd);
    expect(args.only).toEqual(['snippet', 'rescore']); // run in the suite's order
    expect(args.out).toBeNull();
  });

  it.each([
    [['--only', 'ingest,warp'], /unknown step\(s\) warp/],
    [['--rounds', '0'], /--rounds must be an integer from 1 to 10/],
    [['--rounds', '2.5'], /--rounds/],
    [['--identify-share', '1.5'], /--identify-share must be between 0 and 1/],
    [['--identify-share', 'many'], /--identify-share/],
    [['--fast'], /Unknown option '--fast'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv, cwd)).toThrow(message);
  });

  it('a profiled run is not written to the committed file either', () => {
    expect(parseBenchArgs(['--cpu-prof', 'prof'], cwd)).toMatchObject({ cpuProf: '/repo/prof', out: null });
  });

  it('names the PostgreSQL steps: the fleet scenario and the store comparison', () => {
    expect(parseBenchArgs(['--only', 'store,fleet'], cwd).only).toEqual(['fleet', 'store']);
    expect(STEPS.slice(-2)).toEqual(['fleet', 'store']);
  });

  it('takes the share and the rounds', () => {
    expect(parseBenchArgs(['--identify-share', '1', '--rounds', '5'], cwd)).toMatchObject({ identifyShare: 1, rounds: 5 });
  });
});
