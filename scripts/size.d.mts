/** Types for scripts/size.mjs. */
export declare function sizes(code: string | Uint8Array): { raw: number; gzip: number; brotli: number };
