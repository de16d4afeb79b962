/**
 * A failure the operator can act on: its message is printed as it is (it never holds a key or a
 * password), and the process exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code when a command needs a confirmation nobody can give (no terminal and no `--yes`). */
export const EXIT_NOT_CONFIRMED = 2;
