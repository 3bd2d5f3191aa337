/**
 * What a password must be: at least 12 characters (NIST SP 800-63B's advice is length and a
 * blocklist, not composition rules) and not one of the ~49,000 most common passwords of the
 * public breach corpora, as kept by the zxcvbn-ts project (`@zxcvbn-ts/language-common`,
 * "passwords-common"), compared without case. Loaded on first use, so a collector that never sees a
 * password never loads the list.
 */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 200 } as const;

let common: Promise<Set<string>> | null = null;
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())),
  );
  return common;
}

/** Why the password is refused, or null when it is fine. */
export async function passwordProblem(password: string, email: string | null = null): Promise<string | null> {
  const length = [...password].length;
  if (length < PASSWORD_POLICY.minLength) return `the password must have at least ${PASSWORD_POLICY.minLength} characters`;
  if (length > PASSWORD_POLICY.maxLength) return `the password must have at most ${PASSWORD_POLICY.maxLength} characters`;
  const lower = password.toLowerCase();
  if ((await commonPasswords()).has(lower)) return 'this password is on the list of common passwords: choose another';
  if (email && (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0]))
    return 'the password must not be your email address';
  return null;
}
