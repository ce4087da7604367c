import { it } from 'node:test';
import { connectEsdb } from '../../../../adapters/store/esdb/client';
import { createEsdbEventStore } from '../../../../adapters/store/esdb/store';
import { createEsdbModel } from '../../../support/esdb-model';
import { runStoreContract, StoreContractOptions, StoreUnderTest } from '../contract';

/**
 * The shared store contract (test/adapters/store/contract.ts), run on the EventStoreDB adapter:
 * always against the in-memory model of the server, and against a real server when FOLIO_ESDB_URL
 * names one (e.g. esdb://localhost:2113?tls=false).
 *
 * EventStoreDB does not refuse an event id that another stream (or an earlier place in the same
 * stream) already has; it recognises a repeated id only as the retry of an append at the same
 * expected revision. The contract's tests of refusing reused ids do not apply to it (sagas check
 * their members' streams instead).
 */
const ESDB_SEMANTICS: StoreContractOptions = { checksEventIdsAcrossStreams: false };
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

{
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
