/**
 * Segment traits → Kindling's flat traits. Scoring rules name traits in snake_case
 * (`company_size`, `title`, `budget`), Segment's reserved traits are camelCase and may nest
 * (`company: { name, employee_count }`, `address: { city }`); Segment itself treats `createdAt`
 * and `created_at` as the same trait. So keys become snake_case, nested objects flatten with `_`,
 * arrays of scalars become a comma-separated string, and values are capped like the snippet's.
 */
export type FlatTraits = Record<string, string | number | boolean | null>;

export const TRAIT_LIMITS = { maxKeys: 50, keyLength: 64, valueLength: 500, depth: 3 } as const;

/** `firstName` → `first_name`, `total billed` → `total_billed`, `Employee-Count` → `employee_count`. */
export function snakeCase(key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const named = /^[a-z]/.test(snake) ? snake : `t_${snake}`;
  return named.slice(0, TRAIT_LIMITS.keyLength);
}

/**
 * Group and company traits as lead traits: the group's `name` is the lead's `company`, its
 * `employees` (Segment group spec) or `employee_count` (identify's company object) the
 * `company_size` that fit rules score; any other key becomes `company_<key>`.
 */
const COMPANY_KEYS: Record<string, string> = {
  name: 'company',
  employees: 'company_size',
  employee_count: 'company_size',
  size: 'company_size',
  id: 'company_id',
};
export const companyKey = (key: string): string => COMPANY_KEYS[snakeCase(key)] ?? `company_${snakeCase(key)}`;

function scalar(value: unknown): string | number | boolean | null | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return value.slice(0, TRAIT_LIMITS.valueLength);
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    return value.join(', ').slice(0, TRAIT_LIMITS.valueLength);
  }
  return undefined;
}

function put(out: FlatTraits, key: string, value: unknown, depth: number, rename: (k: string) => string): void {
  const flat = scalar(value);
  if (flat !== undefined) {
    if (Object.keys(out).length < TRAIT_LIMITS.maxKeys || key in out) out[key] = flat;
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < TRAIT_LIMITS.depth) {
    for (const [inner, v] of Object.entries(value as Record<string, unknown>))
      put(out, `${key}_${rename(inner)}`.slice(0, TRAIT_LIMITS.keyLength), v, depth + 1, snakeCase);
  }
}

/**
 * Flattens identify traits. `skip` names keys handled elsewhere (the email). A nested `company`
 * object maps through the company table; at most 50 traits are kept, first ones first.
 */
export function flattenTraits(traits: Record<string, unknown>, skip: readonly string[] = []): FlatTraits {
  const out: FlatTraits = {};
  for (const [key, value] of Object.entries(traits)) {
    const name = snakeCase(key);
    if (skip.includes(name)) continue;
    if (name === 'company' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) put(out, companyKey(inner), v, 2, snakeCase);
    } else put(out, name, value, 1, snakeCase);
  }
  // Segment fills the full name from first and last names; Kindling shows `name`.
  if (out.name == null && (typeof out.first_name === 'string' || typeof out.last_name === 'string')) {
    out.name = [out.first_name, out.last_name].filter((p) => typeof p === 'string' && p).join(' ') || null;
  }
  return out;
}

/** Group traits (or identify's company object) as lead traits. */
export function companyTraits(traits: Record<string, unknown>): FlatTraits {
  const out: FlatTraits = {};
  for (const [key, value] of Object.entries(traits)) put(out, companyKey(key), value, 1, snakeCase);
  return out;
}
