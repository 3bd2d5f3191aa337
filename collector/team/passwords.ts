import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters: N = 2^15, r = 8, p = 1 — 32 MiB and about 50–100 ms per hash on one core of a
 * small VM, the cost OWASP's password storage guidance lists for scrypt at its lower end. Stored with
 * the hash (`scrypt$N$r$p$salt$hash`), so raising them later still verifies old hashes. Hashing runs
 * on libuv's thread pool (async scrypt), never on the event loop.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyBytes: 64, saltBytes: 16 } as const;
/** scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so leave headroom. */
const MAX_MEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: MAX_MEM };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, SCRYPT.keyBytes, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong password and for a stored value that is not a hash of ours (never throws on it). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  if (!parts || parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N > 2 ** 20 || r > 16 || p > 4) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== SCRYPT.keyBytes) return false;
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A hash no password matches: a sign-in for an unknown email still pays for one scrypt, so timing does not tell who has an account. */
let decoy: Promise<string> | null = null;
export const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
