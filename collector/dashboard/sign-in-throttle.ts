import { randomBytes } from 'node:crypto';

/**
 * Failed sign-ins allowed per window. Passwords are guessed per account, so an account's failures
 * are also counted on their own (from every address): a spray across many addresses against one
 * account stops at `perAccount`, and only that account waits — the rest of the team does not.
 * The admin token is 192 random bits, so the throttle only
 * slows guessing; what it must not do is let one person's typos lock out everyone behind the same
 * address (an office NAT, a proxy). Failures are therefore counted per browser — the address plus
 * a random cookie the sign-in answer sets — and per address with a ceiling ten times higher, which
 * only someone guessing from many cookie jars at once reaches. Attempts without the cookie (scripts,
 * a browser's very first try) share one bucket per address at the per-browser limit.
 */
export const SIGN_IN_THROTTLE = { windowMs: 5 * 60_000, perBrowser: 10, perAddress: 100, perAccount: 10, maxKeys: 10_000 } as const;

/** The cookie that tells one browser's attempts from another's behind the same address. */
export const ATTEMPT_COOKIE = 'kindling_signin';
const ATTEMPT_ID = /^[A-Za-z0-9_-]{22}$/;

export const newAttemptId = () => randomBytes(16).toString('base64url');
export const isAttemptId = (value: string | undefined): value is string => !!value && ATTEMPT_ID.test(value);

/** Counts failures per key in a fixed window; a success does not reset it (no oracle). */
function createWindowCounter(limit: number, clock: () => number) {
  const failures = new Map<string, { count: number; since: number }>();
  return {
    /** Seconds to wait, or null when this key may try. */
    blockedFor(key: string): number | null {
      const f = failures.get(key);
      if (!f) return null;
      const left = f.since + SIGN_IN_THROTTLE.windowMs - clock();
      if (left <= 0) {
        failures.delete(key);
        return null;
      }
      return f.count >= limit ? Math.ceil(left / 1000) : null;
    },
    fail(key: string): void {
      const f = failures.get(key);
      if (f) f.count++;
      else failures.set(key, { count: 1, since: clock() });
      if (failures.size > SIGN_IN_THROTTLE.maxKeys) failures.delete(failures.keys().next().value!);
    },
  };
}

/** Who is trying: the client address (forwarded, with a trusted proxy) and the browser's attempt cookie. */
export interface SignInAttempt {
  address: string;
  browser: string | null;
  /** The account tried (a lower-cased email), when the attempt names one. */
  account?: string | null;
}

export function createSignInThrottle(clock: () => number = Date.now) {
  const perBrowser = createWindowCounter(SIGN_IN_THROTTLE.perBrowser, clock);
  const perAddress = createWindowCounter(SIGN_IN_THROTTLE.perAddress, clock);
  const perAccount = createWindowCounter(SIGN_IN_THROTTLE.perAccount, clock);
  const browserKey = (a: SignInAttempt) => `${a.address} ${a.browser ?? '-'}`;
  return {
    blockedFor(a: SignInAttempt): number | null {
      return (
        perAddress.blockedFor(a.address) ?? perBrowser.blockedFor(browserKey(a)) ?? (a.account ? perAccount.blockedFor(a.account) : null)
      );
    },
    fail(a: SignInAttempt): void {
      perAddress.fail(a.address);
      perBrowser.fail(browserKey(a));
      if (a.account) perAccount.fail(a.account);
    },
  };
}
