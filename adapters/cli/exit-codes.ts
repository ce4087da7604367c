/**
 * The `folio` command's exit codes: scripts branch on them, so each has one meaning and they never change.
 * `folio --help` prints this table; docs/operations.md repeats it.
 */
export const EXIT = {
  /** Done as asked. */
  ok: 0,
  /** Any failure not named below: a refused command, a missing data folder, an internal error. */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing or malformed argument, bad settings file. */
  usage: 2,
  /** The server could not be reached (refused, reset, timed out, TLS handshake failed). */
  connection: 3,
  /** The server refused the credentials (wrong or missing auth token, address not allowed). */
  authentication: 4,
  /** The server answered with an XML-RPC fault. */
  fault: 5,
  /** A check found a problem: `verify`, `reconcile` or an audit comparison did not pass. */
  verification: 6,
  /** A background task started with `--wait` ended in failure. */
  taskFailed: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `--help`. */
export const EXIT_CODE_HELP = [
  'Exit codes:',
  `  ${EXIT.ok}  success`,
  `  ${EXIT.failure}  failure (refused command, missing data folder, internal error)`,
  `  ${EXIT.usage}  usage error (bad command line or settings file)`,
  `  ${EXIT.connection}  cannot reach the server`,
  `  ${EXIT.authentication}  authentication refused`,
  `  ${EXIT.fault}  the server answered with an XML-RPC fault`,
  `  ${EXIT.verification}  a verification or reconciliation did not pass`,
  `  ${EXIT.taskFailed}  a background task waited for (--wait) failed`,
].join('\n');

/** A failure that knows its exit code: thrown where the failure is understood, mapped once in main.ts. */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
