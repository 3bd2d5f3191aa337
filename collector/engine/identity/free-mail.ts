/**
 * Free-mail domains: an address here names a person, not a company. Kept in the project (the
 * `free-email-domains` package downloads its list at install time, which we cannot do). Covers the
 * big international providers, their country variants, privacy mailers and the large regional
 * providers; extend it here (the test keeps the list lower-case, valid and free of duplicates).
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  // Google, Microsoft, Yahoo, Apple, AOL
  'gmail.com', 'googlemail.com',
  'outlook.com', 'outlook.de', 'outlook.fr', 'outlook.es', 'outlook.it', 'outlook.jp', 'outlook.com.br',
  'hotmail.com', 'hotmail.co.uk', 'hotmail.de', 'hotmail.fr', 'hotmail.es', 'hotmail.it', 'hotmail.nl', 'hotmail.be',
  'hotmail.ca', 'hotmail.com.br', 'hotmail.com.ar', 'hotmail.co.jp', 'hotmail.se', 'hotmail.no', 'hotmail.dk',
  'live.com', 'live.co.uk', 'live.de', 'live.fr', 'live.nl', 'live.it', 'live.ca', 'live.com.au', 'live.se', 'live.be',
  'msn.com', 'passport.com', 'windowslive.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.de', 'yahoo.fr', 'yahoo.es', 'yahoo.it', 'yahoo.ca', 'yahoo.com.au', 'yahoo.com.br',
  'yahoo.com.ar', 'yahoo.com.mx', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.co.id', 'yahoo.com.sg', 'yahoo.com.ph',
  'yahoo.gr', 'yahoo.se', 'yahoo.dk', 'yahoo.no', 'yahoo.ie', 'yahoo.in', 'ymail.com', 'rocketmail.com',
  'icloud.com', 'me.com', 'mac.com',
  'aol.com', 'aol.de', 'aol.fr', 'aim.com', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'comcast.net',
  'cox.net', 'charter.net', 'earthlink.net', 'juno.com', 'netzero.net',
  // Privacy and independent mailers
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tutanota.com', 'tutanota.de', 'tuta.io', 'tutamail.com',
  'mailbox.org', 'posteo.de', 'posteo.net', 'fastmail.com', 'fastmail.fm', 'hushmail.com', 'runbox.com', 'disroot.org',
  'zoho.com', 'zohomail.com', 'zohomail.eu', 'hey.com', 'duck.com', 'skiff.com', 'startmail.com',
  'mail.com', 'email.com', 'usa.com', 'post.com', 'consultant.com', 'myself.com', 'dr.com', 'engineer.com',
  'inbox.com', 'lycos.com', 'excite.com', 'rediffmail.com', 'hush.com',
  // Europe
  'gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'gmx.fr', 'gmx.co.uk', 'web.de', 't-online.de', 'freenet.de',
  'arcor.de', 'online.de', 'email.de', 'mail.de', 'bluewin.ch', 'hispeed.ch', 'sunrise.ch',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'neuf.fr', 'bbox.fr',
  'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'tin.it', 'email.it',
  'btinternet.com', 'sky.com', 'talktalk.net', 'virginmedia.com', 'blueyonder.co.uk', 'ntlworld.com',
  'telenet.be', 'skynet.be', 'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'home.nl', 'xs4all.nl',
  'telia.com', 'online.no', 'bredband.net', 'seznam.cz', 'centrum.cz', 'atlas.cz', 'wp.pl', 'o2.pl', 'onet.pl',
  'interia.pl', 'op.pl', 'terra.es', 'telefonica.net', 'sapo.pt', 'abv.bg', 'freemail.hu', 'citromail.hu',
  // Russia and neighbours
  'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'yandex.ru', 'yandex.com', 'ya.ru', 'rambler.ru', 'ukr.net', 'i.ua',
  // Asia, Oceania, Americas
  'qq.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sina.cn', 'sohu.com', 'aliyun.com', 'foxmail.com', '139.com',
  'naver.com', 'hanmail.net', 'daum.net', 'nate.com', 'kakao.com',
  'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'nifty.com',
  'bigpond.com', 'bigpond.net.au', 'optusnet.com.au', 'xtra.co.nz',
  'uol.com.br', 'bol.com.br', 'terra.com.br', 'ig.com.br', 'shaw.ca', 'rogers.com', 'sympatico.ca', 'videotron.ca',
  'prodigy.net.mx',
  // Disposable inboxes
  'mailinator.com', 'guerrillamail.com', 'sharklasers.com', '10minutemail.com', 'temp-mail.org', 'yopmail.com',
  'trashmail.com', 'getnada.com', 'maildrop.cc', 'dispostable.com',
];

const FREE = new Set(FREE_MAIL_DOMAINS);

/** True for a free-mail domain (exact match, lower-case). */
export function isFreeMailDomain(domain: string): boolean {
  return FREE.has(domain.toLowerCase());
}
