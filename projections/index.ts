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

const SNAPSHOT_OPENING = '{"position":';

/**
 * All read models, fed the same events in the same order, with one checkpoint (the last position
 * applied). `retainEntries: false` (verify without a snapshot to compare) keeps the transaction
 * log's balances but not its entries, the one part that grows with the log; such models cannot be
 * serialized.
 */
export const createReadModels = (options: { readonly retainEntries?: boolean } = {}) => {
  const models = {
    users: createUsersReadModel(),
    groups: createGroupsReadModel(),
    sharedAccounts: createSharedAccountsReadModel(),
    config: createConfigReadModel(),
    transactions: createTransactionsReadModel(options),
    operations: createOperationsReadModel(),
    printers: createPrintersReadModel(),
    printStats: createPrintStatsReadModel(),
    cards: createCardsReadModel(),
    adminAccess: createAdminAccessReadModel(),
  };
  const list = Object.values(models);
  /** The models whose snapshot is a plain JSON value; the transaction log writes its own text. */
  const others = list.filter((model) => model !== models.transactions);
  let position = 0;
  const serializeWith = (transactions: string): string => {
    const parts = others.map((model) => `${JSON.stringify(model.name)}:${encodeSnapshot(model.snapshot())}`);
    return `${SNAPSHOT_OPENING}${JSON.stringify(position)},"models":{"transactions":${transactions},${parts.join(',')}}}`;
  };

  return {
    ...models,
    position: (): number => position,
    apply: (envelope: EventEnvelope): void => {
      if (envelope.position <= position) return;
      for (const model of list) model.apply(envelope);
      position = envelope.position;
    },
    /**
     * Canonical bytes of every model and the checkpoint: equal bytes mean equal read models. One JSON
     * value, `{"position":…,"models":{"transactions":…,"users":…,…}}`, the transaction log first and
     * laid out one entry a line (transactions-snapshot.ts) so that a start can restore everything
     * else at once and fold the entries while it already answers.
     */
    serialize: (): string => serializeWith(models.transactions.encode()),
    /** The same layout around a transaction log encoded elsewhere (verify's, row by row). */
    serializeWith: (transactions: string): string => serializeWith(transactions),
    /**
     * Everything but the transaction log's entries is restored here; those are folded by
     * `models.transactions.loadSome` (and by any query that needs them first). Throws, leaving the
     * models as they were, unless the text is a whole snapshot as `serialize` writes it.
     */
    restore: (text: string): void => {
      const headEnd = text.indexOf('\n');
      const tailStart = text.lastIndexOf('\n');
      if (!text.startsWith(SNAPSHOT_OPENING) || headEnd < 0 || tailStart === headEnd)
        throw new Error('not a read-model snapshot');
      // The head line closed where its rows begin, and the tail line opened where they end.
      const head = JSON.parse(`${text.slice(0, headEnd)}]}}}`) as {
        position: unknown;
        models: { transactions: unknown };
      };
      // The tail line is `]},"users":…}}`: the rows' and the log's closing brackets, then the others.
      const tail = JSON.parse(`{"models":{${text.slice(tailStart + 4)}`) as { models?: unknown };
      const rest = tail.models;
      if (typeof head.position !== 'number' || typeof rest !== 'object' || rest === null)
        throw new Error('not a read-model snapshot');
      const parts = rest as Record<string, unknown>;
      models.transactions.decode(head.models.transactions, text.slice(headEnd + 1, tailStart));
      for (const model of others) model.restore(reviveBigints(parts[model.name] ?? []));
      position = head.position;
    },
  };
};

export type ReadModels = ReturnType<typeof createReadModels>;
