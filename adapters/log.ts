import pino from 'pino';

/**
 * Structured JSON lines. Tokens, passwords and PINs never reach a log line: the redaction list is a
 * second fence behind code that does not log them in the first place.
 */
export const createLogger = (
  level: string = process.env.FOLIO_LOG_LEVEL ?? 'info',
  destination: NodeJS.WritableStream = process.stderr,
) =>
  pino(
    {
      level,
      base: { service: 'folio' },
      redact: {
        paths: ['token', 'authToken', 'password', 'pin', '*.token', '*.password', '*.pin'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream,
  );

export type Logger = ReturnType<typeof createLogger>;

export const silentLogger = (): Logger => createLogger('silent');

/**
 * The server's log: JSON lines on stderr and, with `--log-file`, the same lines appended to FILE. The
 * file is reopened on SIGHUP, so logrotate can rename it and signal (no copytruncate, no lost lines).
 */
export const createServerLogger = (logFile: string | undefined): Logger => {
  if (logFile === undefined) return createLogger();
  const level = process.env.FOLIO_LOG_LEVEL ?? 'info';
  const file = pino.destination({ dest: logFile, sync: true, mkdir: true });
  const log = createLogger(
    level,
    pino.multistream([
      { level: level as pino.Level, stream: process.stderr },
      { level: level as pino.Level, stream: file },
    ]) as unknown as NodeJS.WritableStream,
  );
  // The first line in the new file says why it starts there, so a reader of a rotated set sees the seam.
  process.on('SIGHUP', () => {
    file.reopen();
    log.info({ event: 'log-reopened' }, 'log file reopened (SIGHUP)');
  });
  return log;
};
