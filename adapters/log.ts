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
