import { z } from 'zod';

/**
 * `smtp`: where Kindling sends email (magic sign-in links, invites, personal alerts, digests).
 * Absent: no email is sent, and sign-in is by password only. The password is a secret and comes
 * from the environment (`KINDLING_SMTP_PASSWORD`), never from this file.
 */
export const smtpSchema = z
  .strictObject({
    host: z.string().min(1).max(255),
    /** 587 (STARTTLS) by default; 465 with `secure: true`. */
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465). False: STARTTLS whenever the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send when the server does not offer STARTTLS (keep it on for any server off this machine). */
    requireTls: z.boolean().default(false),
    user: z.string().min(1).max(320).optional(),
    /** The sender, e.g. `"Kindling <kindling@example.com>"`. */
    from: z.string().min(3).max(320),
    /** Give up on a connection or an answer after this long. */
    timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
  })
  .optional();

export type SmtpConfig = NonNullable<z.infer<typeof smtpSchema>>;
