import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { connectEsdb } from '../../../../adapters/store/esdb/client';
import { createEsdbEventStore } from '../../../../adapters/store/esdb/store';
import { EventStore } from '../../../../adapters/store/port';
import { createEsdbModel } from '../../../support/esdb-model';

/**
 * The shared store contract (test/adapters/store/contract.ts), run on the EventStoreDB adapter:
 * always against the in-memory model of the server, and against a real server when FOLIO_ESDB_URL
 * names one (e.g. esdb://localhost:2113?tls=false). The contract lives with the other store tests
 * and is loaded when it is there, so this file also builds on a branch that does not have it yet.
 */

interface StoreUnderTest {
  readonly store: EventStore;
  readonly reopen?: () => Promise<EventStore>;
  readonly cleanup: () => Promise<void>;
}
type RunStoreContract = (
  name: string,
  open: () => Promise<StoreUnderTest>,
  options?: StoreContractOptions,
) => void;

/**
 * `checksEventIdsAcrossStreams: false` — EventStoreDB does not refuse an event id that another stream
 * (or an earlier place in the same stream) already has; it recognises a repeated id only as the retry
 * of an append at the same expected revision. The contract's tests of refusing reused ids do not
 * apply to it (sagas check their members' streams instead).
 */
interface StoreContractOptions {
  readonly shared?: boolean;
  readonly checksEventIdsAcrossStreams?: boolean;
}
const ESDB_SEMANTICS: StoreContractOptions = { checksEventIdsAcrossStreams: false };

const CONTRACT = join(__dirname, '..', 'contract.js');
const SERVER_URL = process.env.FOLIO_ESDB_URL;

/** Folio's scale-out guide has the server's MaxAppendSize raised to 16 MiB; the model is configured alike. */
const MODEL_MAX_APPEND_SIZE = 16 * 1024 * 1024;

const onModel = async (): Promise<StoreUnderTest> => {
  const model = createEsdbModel({ maxAppendSize: MODEL_MAX_APPEND_SIZE });
  let store = createEsdbEventStore(model);
  return {
    store,
    reopen: async () => {
      await store.close();
      store = createEsdbEventStore(model);
      return store;
    },
    cleanup: () => store.close(),
  };
};

const onServer = (url: string) => async (): Promise<StoreUnderTest> => {
  let store = createEsdbEventStore(connectEsdb(url));
  return {
    store,
    reopen: async () => {
      await store.close();
      store = createEsdbEventStore(connectEsdb(url));
      return store;
    },
    // A server is shared: the contract's streams have unique names and stay behind.
    cleanup: () => store.close(),
  };
};

if (!existsSync(CONTRACT)) {
  it('EventStoreDB store contract', {
    skip: 'EventStoreDB contract runs SKIPPED (model and server): the shared store contract suite, test/adapters/store/contract.ts, is not on this branch',
  });
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runStoreContract } = require(CONTRACT) as { runStoreContract: RunStoreContract };
  runStoreContract('EventStoreDB (in-memory model of the server)', onModel, ESDB_SEMANTICS);
  if (SERVER_URL === undefined || SERVER_URL === '') {
    it('EventStoreDB store contract on a real server', {
      skip: 'EventStoreDB contract run SKIPPED: FOLIO_ESDB_URL is not set (e.g. esdb://localhost:2113?tls=false)',
    });
  } else {
    runStoreContract(
      `EventStoreDB server at ${SERVER_URL.replace(/\/\/[^@/]*@/, '//***@')}`,
      onServer(SERVER_URL),
      {
        ...ESDB_SEMANTICS,
        shared: true,
      },
    );
  }
}
