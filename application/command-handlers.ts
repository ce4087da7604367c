import { EventStore } from '../adapters/store/port';
import { adminAccessDecider } from '../domain/admin/access';
import { cardRegisterDecider } from '../domain/cards/batches';
import { cardDecider } from '../domain/cards/redemption';
import { CONFIG_STREAM, configDecider } from '../domain/config/config';
import { groupDecider } from '../domain/groups/decide';
import { operationDecider } from '../domain/operations/operations';
import { printerDecider } from '../domain/printers/decide';
import { sharedAccountDecider } from '../domain/shared-accounts/decide';
import {
  ADMIN_ACCESS_STREAM,
  CARD_BATCHES_STREAM,
  cardStream,
  claimStream,
  groupStream,
  operationStream,
  printerStream,
  sharedAccountStream,
  userStream,
} from '../domain/streams';
import { uniquenessDecider } from '../domain/uniqueness/uniqueness';
import { userDecider } from '../domain/users/decide';
import { createCommandHandler } from './command-handler';
import { IdGenerator } from './ids';

/** Streams of which there is only one: their handlers take no id. */
const single = (stream: string) => (): string => stream;

/** One command handler per aggregate, each bound to its decider and its stream-id rule. */
export const createCommandHandlers = (store: EventStore, clock: () => Date, ids: IdGenerator) => {
  return {
    users: createCommandHandler(store, clock, ids, { decider: userDecider, streamOf: userStream }),
    groups: createCommandHandler(store, clock, ids, { decider: groupDecider, streamOf: groupStream }),
    sharedAccounts: createCommandHandler(store, clock, ids, {
      decider: sharedAccountDecider,
      streamOf: sharedAccountStream,
    }),
    printers: createCommandHandler(store, clock, ids, { decider: printerDecider, streamOf: printerStream }),
    operations: createCommandHandler(store, clock, ids, {
      decider: operationDecider,
      streamOf: operationStream,
    }),
    /** Ids are `uniqueKeyId(kind, key)`. */
    claims: createCommandHandler(store, clock, ids, { decider: uniquenessDecider, streamOf: claimStream }),
    /** Ids are card keys (`cardKey`). */
    cards: createCommandHandler(store, clock, ids, { decider: cardDecider, streamOf: cardStream }),
    cardBatches: createCommandHandler(store, clock, ids, {
      decider: cardRegisterDecider,
      streamOf: single(CARD_BATCHES_STREAM),
    }),
    config: createCommandHandler(store, clock, ids, {
      decider: configDecider,
      streamOf: single(CONFIG_STREAM),
    }),
    adminAccess: createCommandHandler(store, clock, ids, {
      decider: adminAccessDecider,
      streamOf: single(ADMIN_ACCESS_STREAM),
    }),
  };
};

export type CommandHandlers = ReturnType<typeof createCommandHandlers>;
