/**
 * Compile-time flags, replaced by esbuild `define` (snippet/build.mjs; vitest.config.ts defines them
 * for unit tests). Code behind a false flag is dropped from the bundle entirely.
 */
/** pushState / replaceState / popstate (and opt-in hash) route changes become page views. */
declare const KN_SPA: boolean;
/** Visible time on page, sent as `engage`. */
declare const KN_ENGAGE: boolean;
/** Download and outbound link clicks. */
declare const KN_LINKS: boolean;
/** Form submits (and identification by a form's email field). */
declare const KN_FORMS: boolean;
/** Report swallowed errors on the console (debug builds only; never the shipped k.js). */
declare const KN_DEBUG: boolean;
