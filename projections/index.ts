import { EventEnvelope } from '../domain/envelope';
import { createConfigReadModel } from './config';
import { createGroupsReadModel } from './groups';
import { createOperationsReadModel } from './operations';
import { decodeSnapshot, encodeSnapshot } from './read-model';
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
    /** Canonical bytes of every model and the checkpoint: equal bytes mean equal read models. */
    serialize: (): string =>
      encodeSnapshot({
        position,
        models: Object.fromEntries(list.map((model) => [model.name, model.snapshot()])),
      }),
    restore: (text: string): void => {
      const snapshot = decodeSnapshot(text) as { position: number; models: Record<string, unknown> };
      for (const model of list) model.restore(snapshot.models[model.name] ?? []);
      position = snapshot.position;
    },
  };
};

export type ReadModels = ReturnType<typeof createReadModels>;
