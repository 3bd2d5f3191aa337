/**
 * One definition of a usable email address, shared by the snippet (which only identifies with
 * addresses that pass it) and the collector (which refuses the rest with a 400).
 * Deliberately simple: local@domain.tld, no spaces, one @, a dot in the domain.
 */
export const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
export const EMAIL_MAX_LENGTH = 254;

/** Trimmed and lower-cased; null when it is not a usable address. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(email) ? email : null;
}
