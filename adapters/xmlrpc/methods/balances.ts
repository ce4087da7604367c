import { defineMethod } from '../method';
import { money, str } from '../params';

const user = str.required;
const comment = str.required;
const accountName = str.optional;

export const BALANCE_METHODS = [
  defineMethod({
    name: 'api.getUserAccountBalance',
    tier: 'seed',
    area: 'users',
    params: { user, accountName },
    returns: 'd',
    handler: (folio, _context, a) =>
      folio.services.balances.getUserAccountBalance(a.user, a.accountName ?? ''),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalance',
    tier: 'seed',
    area: 'balances',
    params: { user, amount: money.required, comment, accountName },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.balances.adjustUserAccountBalance(
        context,
        a.user,
        a.amount,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalanceIfAvailable',
    tier: 'seed',
    area: 'balances',
    params: { user, amount: money.required, comment, accountName },
    returns: 'b',
    handler: (folio, context, a) =>
      folio.services.balances.adjustUserAccountBalanceIfAvailable(
        context,
        a.user,
        a.amount,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalanceIfAvailableLeaveRemaining',
    tier: 'seed',
    area: 'balances',
    params: { user, amount: money.required, leaveRemaining: money.required, comment, accountName },
    returns: 'b',
    handler: (folio, context, a) =>
      folio.services.balances.adjustUserAccountBalanceIfAvailableLeaveRemaining(
        context,
        a.user,
        a.amount,
        a.leaveRemaining,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalanceByGroup',
    tier: 'seed',
    area: 'balances',
    params: { group: str.required, amount: money.required, comment, accountName },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.groupOperations.adjustUserAccountBalanceByGroup(
        context,
        a.group,
        a.amount,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalanceByGroupUpTo',
    tier: 'seed',
    area: 'balances',
    params: { group: str.required, amount: money.required, limit: money.required, comment, accountName },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.groupOperations.adjustUserAccountBalanceByGroupUpTo(
        context,
        a.group,
        a.amount,
        a.limit,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.setUserAccountBalance',
    tier: 'seed',
    area: 'balances',
    params: { user, balance: money.required, comment, accountName },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.balances.setUserAccountBalance(
        context,
        a.user,
        a.balance,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.setUserAccountBalanceByGroup',
    tier: 'seed',
    area: 'balances',
    params: { group: str.required, balance: money.required, comment, accountName },
    returns: 'ok',
    handler: (folio, context, a) =>
      folio.services.groupOperations.setUserAccountBalanceByGroup(
        context,
        a.group,
        a.balance,
        a.comment,
        a.accountName ?? '',
      ),
  }),
  defineMethod({
    name: 'api.adjustUserAccountBalanceByCardNumber',
    tier: 'extended',
    area: 'balances',
    params: { cardNumber: str.required, amount: money.required, comment, accountName },
    returns: 'b',
    handler: (folio, context, a) =>
      folio.services.balances.adjustUserAccountBalanceByCardNumber(
        context,
        a.cardNumber,
        a.amount,
        a.comment,
        a.accountName ?? '',
      ),
  }),
];
