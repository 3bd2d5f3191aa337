/** Types for snippet/build.mjs (plain JavaScript, so build.mjs can import it without a TypeScript loader). */
export declare const SNIPPET_OUTFILE: string;
export declare const SNIPPET_BUDGET_GZIP_BYTES: number;
export declare const FULL_FLAGS: Readonly<Record<'KN_SPA' | 'KN_ENGAGE' | 'KN_LINKS' | 'KN_FORMS' | 'KN_DEBUG', boolean>>;
export declare function buildSnippet(options?: {
  flags?: Partial<Record<keyof typeof FULL_FLAGS, boolean>>;
  /** Where to write k.js; null: only return the code. Defaults to SNIPPET_OUTFILE. */
  outfile?: string | null;
}): Promise<string>;
