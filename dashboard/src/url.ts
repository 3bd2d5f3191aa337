/** `?a=1&b=x` from the defined, non-empty values (or '' when there are none). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * A URL from collected data that is safe to put in an href: http(s) only, so a tracked
 * `javascript:` or `data:` link can never run when someone clicks it. Anything else is null
 * and is shown as plain text.
 */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
