import { runStoreContract } from './contract';
import { openTemporarySqliteStore } from './sqlite-fixture';

runStoreContract('embedded SQLite', openTemporarySqliteStore);
