import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time link tokens and API keys: 32 random bytes (256 bits), shown once, stored as their
 * SHA-256. A fast hash is enough here — unlike a password, a 256-bit random value cannot be
 * guessed from its hash by trying candidates, so a slow hash (scrypt) would only cost every API
 * request its CPU without making a stolen database any less useless.
 */
export const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** API keys start `kk_`, so a key pasted in the wrong place is recognisable (and scanners can find leaked ones). */
export const API_KEY_PREFIX = 'kk_';
/** Link tokens (invite, setup, magic sign-in) start `kl_`. */
export const LINK_PREFIX = 'kl_';
