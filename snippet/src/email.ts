/**
 * The snippet's email check: smaller and a little looser than the collector's EMAIL_PATTERN
 * (collector/events/email.ts), which still validates every address it is sent. Same normalising
 * (trimmed, lower-cased), same 254-character cap, the same refusal of spaces and `\p{C}` characters
 * (controls, bidi overrides, zero-width), and a dotted domain of letters, digits and hyphens. Not
 * checked here (the collector refuses them, and with them the batch they came in): a local part
 * over 64 characters or holding one of <>()[]\,;:", and a domain label over 63 characters or
 * starting or ending with a hyphen. Undefined when it is not a usable address.
 */
export const normalizeEmail = (input: string): string | undefined => {
  const email = input.trim().toLowerCase();
  return email.length <= 254 && /^[^\s\p{C}@]+@[a-z\d-]+(\.[a-z\d-]+)+$/u.test(email) ? email : undefined;
};
