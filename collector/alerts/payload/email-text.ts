/** Plain-text email pieces shared by every alert's email (lead alerts, digests, account surges). */
export interface EmailContent {
  subject: string;
  text: string;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** One line of text from untrusted input: control characters (forged lines, terminal escapes) out, cut to `max`. */
export const clean = (value: string | null | undefined, max = 200): string => {
  const text = (value ?? '').replace(CONTROL, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
};
