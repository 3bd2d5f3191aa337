export declare const SNIPPET_OUTFILE: string;
export declare const SNIPPET_BUDGET_GZIP_BYTES: number;
export declare const FULL_FLAGS: Record<'KN_SPA' | 'KN_ENGAGE' | 'KN_LINKS' | 'KN_FORMS' | 'KN_DEBUG', boolean>;
export declare function buildSnippet(options?: {
  flags?: Partial<typeof FULL_FLAGS>;
  /** null builds in memory */
  outfile?: string | null;
}): Promise<string>;
