/**
 * One definition of a usable email address, shared by the snippet (which only identifies with
 * addresses that pass it) and the collector (which refuses the rest with a 400).
 * Deliberately simple: local@domain.tld, no spaces, one @, a dot in the domain, and no control,
 * invisible format (bidi overrides, zero-width), surrogate or private-use character (`\p{C}`):
 * `a\u0000b@acme.io` must not become a lead. The pattern sees the lower-cased address, so it
 * needs no `i` flag (which under `u` would let `ſ`, the long s, pass as an `s`).
 */
export const EMAIL_PATTERN =
  /^[^\s\p{C}@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/u;
export const EMAIL_MAX_LENGTH = 254;

/** Trimmed and lower-cased; null when it is not a usable address. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(email) ? email : null;
}
