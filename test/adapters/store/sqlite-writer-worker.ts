import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '../../../adapters/store/sqlite';
import { proposed } from './fixtures';

/**
 * A second process writing to the same SQLite file, as a worker thread: appends one event at a time
 * to its own stream and reports how many appends failed (and the first failure).
 */
const { path, stream, count } = workerData as { path: string; stream: string; count: number };

const run = async (): Promise<void> => {
  const store = openSqliteEventStore(path);
  let failures = 0;
  let firstFailure = '';
  let revision = -1;
  for (let index = 0; index < count; index += 1) {
    try {
      const result = await store.append(stream, revision < 0 ? 'no_stream' : revision, [
        proposed({ data: { index } }),
      ]);
      revision = result.revision;
    } catch (error) {
      failures += 1;
      if (firstFailure === '') firstFailure = String(error);
      revision = (await store.readStream(stream)).length - 1;
    }
  }
  await store.close();
  parentPort?.postMessage({ failures, firstFailure });
};

void run();
