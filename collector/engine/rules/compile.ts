import { createHash } from 'node:crypto';
import type { ScoringConfig } from '../config.js';
import type { StoredEvent } from '../../events/types.js';
import type { StageSettings } from '../stages/settings.js';
import { GLOB_DIALECT, pathGlob, textGlob, type TextTest } from '../../glob.js';
import { BANT_KEYS, type BantKey, type EventCriteria } from './schema.js';
import { anyTrait, compileTraitMatcher, type TraitTest, type Traits } from './traits.js';

export const DAY_MS = 86_400_000;

/** The fields of an event that scoring reads. */
export type ScoringEvent = Pick<StoredEvent, 'seq' | 'type' | 'name' | 'ts' | 'path' | 'pageClass' | 'props'>;

export interface EngagementRule {
  id: string;
  label: string;
  points: number;
  /** Magnitude limit of the points awarded within any window of capWindowMs, or null. */
  capPoints: number | null;
  capWindowMs: number;
  highIntent: boolean;
  text: string;
  textMany: string;
  matches(event: ScoringEvent): boolean;
}

export interface FitRule {
  id: string;
  label: string;
  points: number;
  text: string;
  test: TraitTest;
}

/** The rules ready to run: patterns compiled, days in ms. Built once per configuration. */
export interface CompiledRules {
  halfLifeMs: number;
  engagement: readonly EngagementRule[];
  fit: readonly FitRule[];
  bant: Readonly<Record<BantKey, TraitTest>>;
  stages: StageSettings;
  topReasons: number;
  fitGrades: { a: number; b: number; c: number };
  /** Changes whenever a change of configuration changes any score, stage or reason. */
  fingerprint: string;
  /**
   * Changes only when what an event adds to its account's activity can change: the engagement rules'
   * matches and points (thresholds, fit, decay and wording do not). A rescore rebuilds the accounts
   * activity only when this differs from the one it was built under.
   */
  activityFingerprint: string;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

function compileCriteria(c: EventCriteria): (e: ScoringEvent) => boolean {
  const tests: ((e: ScoringEvent) => boolean)[] = [];
  if (c.types) {
    const types = new Set<string>(c.types);
    tests.push((e) => types.has(e.type));
  }
  if (c.pageClasses) {
    const classes = new Set(c.pageClasses);
    tests.push((e) => e.pageClass !== null && classes.has(e.pageClass));
  }
  if (c.paths) {
    const paths = pathGlob(c.paths);
    tests.push((e) => paths(e.path));
  }
  if (c.form) {
    const { ids, names, pageClasses } = c.form;
    const alternatives: ((e: ScoringEvent) => boolean)[] = [];
    if (ids) alternatives.push(field(textGlob(ids), (e) => e.props.form?.id));
    if (names) alternatives.push(field(textGlob(names), (e) => e.props.form?.name ?? e.name));
    if (pageClasses) {
      const classes = new Set(pageClasses);
      alternatives.push((e) => e.pageClass !== null && classes.has(e.pageClass));
    }
    tests.push((e) => e.type === 'form' && (alternatives.length === 0 || anyOf(alternatives, e)));
  }
  if (c.eventNames) {
    const names = textGlob(c.eventNames);
    tests.push((e) => e.type === 'track' && names(e.name));
  }
  if (c.hrefs) {
    // `*.pdf` names a file: patterns are tried on the whole link and on its file name.
    const hrefs = textGlob(c.hrefs);
    tests.push((e) => hrefs(e.props.href) || hrefs(fileName(e.props.href)));
  }
  if (c.minEngagedSeconds !== undefined) {
    const minMs = c.minEngagedSeconds * 1000;
    tests.push((e) => typeof e.props.engagedMs === 'number' && e.props.engagedMs >= minMs);
  }
  return (e) => allOf(tests, e);
}

type EventTest = (e: ScoringEvent) => boolean;

// Plain loops rather than some/every with a closure: a rescore runs every rule's tests on every event, twice.
function anyOf(tests: readonly EventTest[], e: ScoringEvent): boolean {
  for (let i = 0; i < tests.length; i++) if (tests[i]!(e)) return true;
  return false;
}

function allOf(tests: readonly EventTest[], e: ScoringEvent): boolean {
  for (let i = 0; i < tests.length; i++) if (!tests[i]!(e)) return false;
  return true;
}

function fileName(href: string | undefined): string | null {
  if (!href) return null;
  const path = href.split(/[?#]/, 1)[0]!;
  return path.slice(path.lastIndexOf('/') + 1);
}

function field(test: TextTest, get: (e: ScoringEvent) => string | null | undefined) {
  return (e: ScoringEvent) => test(get(e));
}

export function compileRules(config: ScoringConfig): CompiledRules {
  // Cadence and display settings change no score, stage or reason.
  const { sweepIntervalSeconds: _cadence, fitGrades: _grades, ...semantic } = config;
  const engagement = config.engagementRules.map((r): EngagementRule => {
    const alternatives = (Array.isArray(r.match) ? r.match : [r.match]).map(compileCriteria);
    return {
      id: r.id,
      label: r.label,
      points: r.points,
      capPoints: r.cap ? r.cap.points : null,
      capWindowMs: r.cap ? r.cap.days * DAY_MS : 0,
      highIntent: r.highIntent,
      text: r.text,
      textMany: r.textMany ?? `${r.text} ({count}×)`,
      matches: (e) => anyOf(alternatives, e),
    };
  });
  const bant = Object.fromEntries(BANT_KEYS.map((k) => [k, anyTrait(config.bant[k].map(compileTraitMatcher))])) as Record<
    BantKey,
    TraitTest
  >;
  const fit = config.fitRules.map((r): FitRule => {
    const m = r.match;
    const test: TraitTest = 'bant' in m ? bant[m.bant] : anyTrait((Array.isArray(m) ? m : [m]).map(compileTraitMatcher));
    return { id: r.id, label: r.label, points: r.points, text: r.text, test };
  });
  return {
    halfLifeMs: config.halfLifeDays * DAY_MS,
    engagement,
    fit,
    bant,
    stages: config.stages,
    topReasons: config.topReasons,
    fitGrades: config.fitGrades,
    fingerprint: hashOf({ semantic, globDialect: GLOB_DIALECT }),
    activityFingerprint: hashOf({
      engagement: config.engagementRules.map((r) => ({ match: r.match, points: r.points })),
      globDialect: GLOB_DIALECT,
    }),
  };
}

/** Which BANT criteria the traits meet. */
export function bantMet(rules: CompiledRules, traits: Traits): Record<BantKey, boolean> {
  return Object.fromEntries(BANT_KEYS.map((k) => [k, rules.bant[k](traits) !== null])) as Record<BantKey, boolean>;
}
