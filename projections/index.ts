import { EventEnvelope } from '../domain/envelope';
import { createConfigReadModel } from './config';
import { createGroupsReadModel } from './groups';
import { createOperationsReadModel } from './operations';
import { encodeSnapshot, reviveBigints } from './read-model';
import { createSharedAccountsReadModel } from './shared-accounts';
import { createTransactionsReadModel } from './transactions';
import { createUsersReadModel } from './users';
import { createPrintersReadModel } from './printers';
import { createPrintStatsReadModel } from './print-stats';
import { createCardsReadModel } from './cards';
import { createAdminAccessReadModel } from './admin-access';

/** All read models, fed the same events in the same order, with one checkpoint (the last position applied). */
export const createReadModels = () => {
  const models = {
    users: createUsersReadModel(),
    groups: createGroupsReadModel(),
    sharedAccounts: createSharedAccountsReadModel(),
    config: createConfigReadModel(),
    transactions: createTransactionsReadModel(),
    operations: createOperationsReadModel(),
    printers: createPrintersReadModel(),
    printStats: createPrintStatsReadModel(),
    cards: createCardsReadModel(),
    adminAccess: createAdminAccessReadModel(),
  };
  const list = Object.values(models);
  let position = 0;

  return {
    ...models,
    position: (): number => position,
    apply: (envelope: EventEnvelope): void => {
      if (envelope.position <= position) return;
      for (const model of list) model.apply(envelope);
      position = envelope.position;
    },
    /**
     * Canonical bytes of every model and the checkpoint: equal bytes mean equal read models. The text
     * is `encodeSnapshot({ position, models })`, built model by model so that the transaction log,
     * nearly all of it and free of bigints, is written by JSON.stringify without a replacer.
     */
    serialize: (): string => {
      const parts = list.map((model) => {
        const encoded =
          model === models.transactions ? JSON.stringify(model.snapshot()) : encodeSnapshot(model.snapshot());
        return `${JSON.stringify(model.name)}:${encoded}`;
      });
      return `{"position":${JSON.stringify(position)},"models":{${parts.join(',')}}}`;
    },
    /**
     * Parsed without a reviver (one that runs for every value of a million-entry log costs seconds);
     * the bigints of the small models are revived on their part alone.
     */
    restore: (text: string): void => {
      const snapshot = JSON.parse(text) as { position?: unknown; models?: Record<string, unknown> };
      if (
        typeof snapshot.position !== 'number' ||
        typeof snapshot.models !== 'object' ||
        snapshot.models === null
      )
        throw new Error('not a read-model snapshot');
      for (const model of list) {
        const part = snapshot.models[model.name];
        model.restore(model === models.transactions ? part : reviveBigints(part ?? []));
      }
      position = snapshot.position;
    },
  };
};

export type ReadModels = ReturnType<typeof createReadModels>;
