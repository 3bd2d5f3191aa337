import type { z } from 'zod';

/** A short, client-facing list of what was wrong: `[{ path: 'e.0.t', message: '…' }]`, at most 10. */
export function describeZodError(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
