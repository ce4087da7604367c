import { Writable } from 'node:stream';
import { createLogger } from '../../../adapters/log';
import { RecordedEvent } from '../../../adapters/store/port';
import { TestServer } from '../../support/xmlrpc-server';

export const ADMIN = { actor: 'test', method: 'test-setup', correlationId: 'test-setup' };

export const ACCESS_DENIED = 'Access denied. Your IP address is not allowed to access the Web Services API.';

/** A logger writing JSON lines into an array, to read what the server logged. */
export const capturingLogger = () => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk
        .toString('utf8')
        .split('\n')
        .filter((text) => text !== '')) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: createLogger('debug', sink), lines, raw };
};

export const readAllEvents = async (server: TestServer): Promise<readonly RecordedEvent[]> =>
  server.store.readAll(0, 100_000);
