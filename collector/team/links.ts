import type { LinkPurpose, LinkStore } from '../store/port/team.js';
import { LINK_PREFIX, newSecret, sha256 } from './tokens.js';

/** How long each kind of one-time link lasts, and the dashboard page that opens it. */
export const LINKS: Record<LinkPurpose, { ttlMs: number; page: string }> = {
  invite: { ttlMs: 7 * 86_400_000, page: 'join' },
  setup: { ttlMs: 7 * 86_400_000, page: 'setup' },
  magic: { ttlMs: 15 * 60_000, page: 'magic' },
};

/**
 * A new one-time link: the token rides in the URL's fragment (`/#/join?token=…`), which browsers
 * never send to a server or in a Referer, and the page posts it back. Opening the link does not use
 * it (mail scanners fetch links); only the page's POST does.
 */
export async function issueLink(
  links: Pick<LinkStore, 'insert'>,
  purpose: LinkPurpose,
  userId: number | null,
  now: number,
  publicUrl: string,
  /** The dashboard page that opens it, when not the purpose's own (a password reset is a sign-in link opened on `reset`). */
  page: string = LINKS[purpose].page,
): Promise<{ url: string; expiresAt: number }> {
  const token = newSecret(LINK_PREFIX);
  const expiresAt = now + LINKS[purpose].ttlMs;
  await links.insert({ tokenHash: sha256(token), purpose, userId, createdAt: now, expiresAt });
  return { url: `${publicUrl}/#/${page}?token=${token}`, expiresAt };
}

export const linkHash = (token: string) => sha256(token);
