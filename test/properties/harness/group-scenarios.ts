import fc from 'fast-check';
import { Folio } from '../../../application/folio';
import { EventStore } from '../../../adapters/store/port';
import { MAX_ABS_MONEY, Money } from '../../../domain/money';
import { CONTEXT } from './folio';
import { amount, GROUPS, Operation } from './operations';

/** A store that fails every append once `crashAfter` appends have gone through: a process dying mid-way. */
export const crashingStore = (inner: EventStore) => {
  let remaining = Number.POSITIVE_INFINITY;
  const store: EventStore = {
    ...inner,
    append: (stream, expected, events, options) => {
      if (remaining <= 0) return Promise.reject(new Error('simulated crash'));
      remaining -= 1;
      return inner.append(stream, expected, events, options);
    },
  };
  return { store, crashAfter: (appends: number) => (remaining = appends) };
};

/** Group operations with amounts at the edge of the range, where one member's refusal must refuse all. */
export const towardsTheEdge: fc.Arbitrary<Operation> = fc
  .record({
    kind: fc.constantFrom('groupAdjust' as const, 'groupSet' as const),
    group: fc.constantFrom(...GROUPS),
    amount: fc.constantFrom(MAX_ABS_MONEY, -MAX_ABS_MONEY, MAX_ABS_MONEY / 2n, -1n, 1n),
    account: fc.constant(''),
  })
  .map(({ kind, group, amount: edge, account }): Operation =>
    kind === 'groupAdjust' ? { kind, group, amount: edge, account } : { kind, group, balance: edge, account },
  );

export const memberName = (index: number): string => `member${index}`;

/** Members and bystanders with opening balances (now and then at the edge of the range), and an operation. */
export const crashScenario = fc.record({
  openings: fc.array(
    fc.record({
      member: fc.boolean(),
      balance: fc.oneof(
        { weight: 5, arbitrary: amount },
        { weight: 1, arbitrary: fc.constantFrom(MAX_ABS_MONEY - 1n, -MAX_ABS_MONEY) },
      ),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  operation: fc.oneof(
    fc.record({ kind: fc.constant('groupAdjust' as const), amount }),
    fc.record({ kind: fc.constant('groupSet' as const), balance: amount }),
    fc.record({ kind: fc.constant('groupUpTo' as const), amount, limit: amount }),
  ),
  crashAfter: fc.nat({ max: 10 }),
});

/** Users with opening balances, named by their index; those marked as members join the group `staff`. */
export const addStaff = async (
  folio: Folio,
  openings: readonly { readonly member: boolean; readonly balance: Money }[],
): Promise<void> => {
  const { users, balances, groups } = folio.services;
  await groups.addNewGroup(CONTEXT, 'staff');
  for (const [index, { member, balance }] of openings.entries()) {
    const username = memberName(index);
    await users.addNewInternalUser(CONTEXT, {
      username,
      password: '',
      fullName: '',
      email: '',
      cardId: '',
      pin: '',
    });
    await balances.setUserAccountBalance(CONTEXT, username, balance, 'opening', '');
    if (member) await groups.addUserToGroup(CONTEXT, username, 'staff');
  }
};
