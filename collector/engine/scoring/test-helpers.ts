import type { z } from 'zod';
import { scoringSchema } from '../config.js';
import type { EventProps, EventType } from '../../events/types.js';
import { compileRules, type CompiledRules, type ScoringEvent } from '../rules/compile.js';
import type { Traits } from '../rules/traits.js';

/** Rules from a partial scoring config (defaults for the rest). */
export function rulesFrom(config: z.input<typeof scoringSchema> = {}): CompiledRules {
  return compileRules(scoringSchema.parse(config));
}

let nextSeq = 1;
/** A scoring event with sensible defaults. */
export function ev(type: EventType, ts: number, more: Partial<Omit<ScoringEvent, 'type' | 'ts'>> & { props?: EventProps } = {}): ScoringEvent {
  return { seq: more.seq ?? nextSeq++, type, ts, name: more.name ?? null, path: more.path ?? null, pageClass: more.pageClass ?? null, props: more.props ?? {} };
}

export function traitsOf(values: Record<string, string | number | boolean | null>, setAt = 0): Traits {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, setAt, seq: null }]));
}
