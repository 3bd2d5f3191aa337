import { emit } from '../events.js';
import { flush } from '../delivery/index.js';
import { cut, doc, loc, on } from '../util.js';

/** Paths ending in a document, archive or media extension are downloads. */
export const DOWNLOAD_PATH = /\.(pdf|docx?|xlsx?|pptx?|csv|txt|zip|rar|7z|gz|dmg|exe|msi|pkg|apk|mp[34]|mov)$/i;

/** A download (by extension or `download` attribute), an outbound http(s) link, or nothing (''). */
export const classifyLink = (a: HTMLAnchorElement): 'download' | 'outbound' | '' =>
  a.hasAttribute('download') || DOWNLOAD_PATH.test(a.pathname)
    ? 'download'
    : /^http/.test(a.protocol) && a.host != loc.host
      ? 'outbound'
      : '';

/** One delegated listener for clicks; the event is sent at once, before any navigation. */
export const captureLinks = (): void =>
  on(
    doc,
    'click',
    (e: MouseEvent) => {
      const a = (e.target as Element).closest<HTMLAnchorElement>('a[href]');
      const type = a && classifyLink(a);
      if (type) {
        emit(type, { h: cut(a.href) });
        flush();
      }
    },
    true,
  );
