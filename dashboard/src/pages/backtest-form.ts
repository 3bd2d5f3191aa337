import { html } from 'htm/preact';

/**
 * The common backtest changes as a form: the half-life, the stage thresholds, and each rule's
 * points and cap. The JSON text stays the one source of truth (the advanced view edits it too):
 * every field reads its value from the parsed text and writes the whole text back.
 */
type Obj = Record<string, unknown>;
export type Path = readonly (string | number)[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const key of path) at = isObj(at) || Array.isArray(at) ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

/** A copy of `root` with the value at `path` replaced (`undefined` deletes it); missing objects are created. */
export function setPath(root: unknown, path: Path, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  const copy = (Array.isArray(root) ? [...root] : isObj(root) ? { ...root } : {}) as Record<string | number, unknown>;
  const next = setPath(copy[key], rest, value);
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

/** The settings every rule set has, as data: label, where it lives, and its unit. */
export const GENERAL_FIELDS: { label: string; path: Path; unit: string; step: number; hint?: string }[] = [
  {
    label: 'Half-life of engagement',
    path: ['halfLifeDays'],
    unit: 'days',
    step: 1,
    hint: 'engagement points lose half their value in this time',
  },
  { label: 'MQL: score at least', path: ['stages', 'mql', 'score'], unit: 'points', step: 1 },
  { label: 'MQL: engagement at least', path: ['stages', 'mql', 'minEngagement'], unit: 'points', step: 1 },
  { label: 'SQL: BANT criteria met, at least', path: ['stages', 'sql', 'minBant'], unit: 'of 4', step: 1 },
  { label: 'SQL: high-intent action within', path: ['stages', 'sql', 'intentWindowDays'], unit: 'days', step: 1 },
  { label: 'SQL: or engagement at least', path: ['stages', 'sql', 'engagement'], unit: 'points', step: 1 },
  { label: 'Near-SQL: BANT criteria missing, at most', path: ['stages', 'nearSql', 'maxMissingBant'], unit: '', step: 1 },
  { label: 'Falling back below threshold ×', path: ['stages', 'hysteresis'], unit: '(1 − this)', step: 0.05 },
];

/** A cap needs both numbers: a new cap starts at the rule's points per 7 days; an emptied one is removed. */
export function setCap(rules: unknown, rulePath: Path, part: 'points' | 'days', value: number | null): unknown {
  if (value === null) return setPath(rules, [...rulePath, 'cap'], undefined);
  const rule = getPath(rules, rulePath);
  const cap = isObj(rule) && isObj(rule.cap) ? rule.cap : { points: Math.abs(Number(isObj(rule) ? rule.points : 0)) || 1, days: 7 };
  return setPath(rules, [...rulePath, 'cap'], { ...cap, [part]: value });
}

function NumberInput({
  value,
  path,
  step = 1,
  onValue,
  label,
}: {
  value: unknown;
  path: Path;
  step?: number;
  onValue: (v: number | null) => void;
  label: string;
}) {
  return html`<input
    type="number"
    class="num-input"
    data-field=${path.join('.')}
    aria-label=${label}
    step=${step}
    value=${typeof value === 'number' ? String(value) : ''}
    onChange=${(e: Event) => {
      const raw = (e.target as HTMLInputElement).value.trim();
      const n = Number(raw);
      onValue(raw === '' || !Number.isFinite(n) ? null : n);
    }}
  />`;
}

function RuleRows({
  rules,
  list,
  engagement,
  onRules,
}: {
  rules: unknown;
  list: 'engagementRules' | 'fitRules';
  engagement: boolean;
  onRules: (r: unknown) => void;
}) {
  const items = getPath(rules, [list]);
  if (!Array.isArray(items) || !items.length) return null;
  return html`<table class="table small-table backtest-rules responsive">
    <thead>
      <tr>
        <th scope="col">${engagement ? 'Engagement rule' : 'Fit rule'}</th>
        <th class="num" scope="col">Points</th>
        ${
          engagement
            ? html`<th class="num" scope="col">Cap: at most</th>
                <th class="num" scope="col">per days</th>`
            : null
        }
      </tr>
    </thead>
    <tbody>
      ${items.map((rule, i) => {
        const at: Path = [list, i];
        const name = isObj(rule) ? String(rule.label ?? rule.id) : `rule ${i + 1}`;
        return html`<tr key=${i} data-rule=${isObj(rule) ? String(rule.id) : i}>
          <th scope="row" data-label="Rule">${name}</th>
          <td class="num" data-label="Points">
            <${NumberInput}
              label=${`${name}: points`}
              path=${[...at, 'points']}
              value=${getPath(rule, ['points'])}
              onValue=${(v: number | null) => v !== null && onRules(setPath(rules, [...at, 'points'], v))}
            />
          </td>
          ${
            engagement
              ? html`<td class="num" data-label="Cap: at most">
                    <${NumberInput}
                      label=${`${name}: cap points`}
                      path=${[...at, 'cap', 'points']}
                      value=${getPath(rule, ['cap', 'points'])}
                      onValue=${(v: number | null) => onRules(setCap(rules, at, 'points', v))}
                    />
                  </td>
                  <td class="num" data-label="per days">
                    <${NumberInput}
                      label=${`${name}: cap days`}
                      path=${[...at, 'cap', 'days']}
                      value=${getPath(rule, ['cap', 'days'])}
                      onValue=${(v: number | null) => onRules(setCap(rules, at, 'days', v))}
                    />
                  </td>`
              : null
          }
        </tr>`;
      })}
    </tbody>
  </table>`;
}

/** The form over the JSON text; shows why it cannot when the text is not valid JSON. */
export function BacktestForm({ text, onText }: { text: string; onText: (next: string) => void }) {
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch {
    return html`<p class="form-error" role="alert">
      The rules below are not valid JSON, so the form cannot show them. Fix them in the JSON view.
    </p>`;
  }
  const write = (next: unknown) => onText(JSON.stringify(next, null, 2));
  return html`<div class="backtest-form">
    <div class="field-grid">
      ${GENERAL_FIELDS.map(
        (f) =>
          html`<label key=${f.path.join('.')} class="field">
            <span>${f.label}${f.hint ? html` <span class="muted small">(${f.hint})</span>` : null}</span>
            <span class="field-input"
              ><${NumberInput}
                label=${f.label}
                path=${f.path}
                step=${f.step}
                value=${getPath(rules, f.path)}
                onValue=${(v: number | null) => write(setPath(rules, f.path, v ?? undefined))}
              />
              <span class="muted small">${f.unit}</span></span
            >
          </label>`,
      )}
    </div>
    <${RuleRows} rules=${rules} list="engagementRules" engagement=${true} onRules=${write} />
    <${RuleRows} rules=${rules} list="fitRules" engagement=${false} onRules=${write} />
  </div>`;
}
