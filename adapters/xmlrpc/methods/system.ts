import { right } from 'fp-ts/Either';
import { defineMethod } from '../method';
import { replyString } from '../replies';

export const SYSTEM_METHODS = [
  defineMethod({
    name: 'api.getTaskStatus',
    tier: 'seed',
    area: 'system',
    params: {},
    returns: 'st',
    // The product takes no auth token here: a status line reveals nothing a caller could not see in the logs.
    authenticated: false,
    handler: (folio) => {
      const status = folio.tasks.status();
      return right({ completed: status.completed, message: replyString(status.message) });
    },
  }),
];
