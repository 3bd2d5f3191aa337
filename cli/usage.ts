/**
 * Wrong command-line arguments: the entry prints the message and the usage text, and exits 64
 * (EX_USAGE; 0 for --help, which throws one with an empty message).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
