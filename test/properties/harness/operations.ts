import fc from 'fast-check';
import { ALL_USERS_GROUP, INTERNAL_USERS_GROUP } from '../../../domain/groups/decide';
import { MAX_ABS_MONEY, Money } from '../../../domain/money';

/**
 * Random command sequences for the application layer. Names come from small pools (with case
 * variants) so that most commands find what they name, renames collide with old names, and a name
 * freed by a rename or delete is taken again.
 */
export type Operation =
  | { readonly kind: 'createUser'; readonly username: string }
  | { readonly kind: 'adjust'; readonly username: string; readonly amount: Money; readonly account: string }
  | {
      readonly kind: 'adjustIfAvailable';
      readonly username: string;
      readonly amount: Money;
      readonly account: string;
    }
  | {
      readonly kind: 'adjustLeaveRemaining';
      readonly username: string;
      readonly amount: Money;
      readonly leaveRemaining: Money;
      readonly account: string;
    }
  | {
      readonly kind: 'setBalance';
      readonly username: string;
      readonly balance: Money;
      readonly account: string;
    }
  | { readonly kind: 'setBalanceProperty'; readonly username: string; readonly balance: Money }
  | { readonly kind: 'setRestricted'; readonly username: string; readonly restricted: boolean }
  | { readonly kind: 'setOverdraft'; readonly username: string; readonly amount: Money }
  | { readonly kind: 'useDefaultOverdraft'; readonly username: string }
  | { readonly kind: 'setDefaultOverdraft'; readonly amount: Money }
  | { readonly kind: 'setPersonalAccounts'; readonly accounts: string }
  | { readonly kind: 'renameUser'; readonly from: string; readonly to: string }
  | { readonly kind: 'deleteUser'; readonly username: string }
  | { readonly kind: 'createGroup'; readonly group: string }
  | { readonly kind: 'removeGroup'; readonly group: string }
  | { readonly kind: 'joinGroup'; readonly username: string; readonly group: string }
  | { readonly kind: 'leaveGroup'; readonly username: string; readonly group: string }
  | { readonly kind: 'groupAdjust'; readonly group: string; readonly amount: Money; readonly account: string }
  | { readonly kind: 'groupSet'; readonly group: string; readonly balance: Money; readonly account: string }
  | {
      readonly kind: 'groupUpTo';
      readonly group: string;
      readonly amount: Money;
      readonly limit: Money;
      readonly account: string;
    }
  | { readonly kind: 'createShared'; readonly name: string }
  | { readonly kind: 'adjustShared'; readonly name: string; readonly amount: Money }
  | { readonly kind: 'setShared'; readonly name: string; readonly balance: Money }
  | { readonly kind: 'setSharedRestricted'; readonly name: string; readonly restricted: boolean }
  | { readonly kind: 'renameShared'; readonly from: string; readonly to: string }
  | { readonly kind: 'deleteShared'; readonly name: string };

export type OperationKind = Operation['kind'];

export const USERNAMES = ['ann', 'bob', 'cy', 'dee', 'eve', 'Ann', 'BOB'] as const;

export const GROUPS = ['staff', 'lab', 'Staff', ALL_USERS_GROUP, INTERNAL_USERS_GROUP] as const;

export const SHARED_ACCOUNTS = ['dept', 'proj', 'dept\\a', 'dept\\b', 'proj\\a', 'DEPT'] as const;

/** The default account, a named personal account, and one never configured. */
export const PERSONAL_ACCOUNTS = ['', '', '', 'print', 'copy'] as const;

const username = fc.constantFrom(...USERNAMES);

const group = fc.constantFrom(...GROUPS);

const shared = fc.constantFrom(...SHARED_ACCOUNTS);

const account = fc.constantFrom(...PERSONAL_ACCOUNTS);

/** Exact amounts: mostly cents, some with micro-units, now and then one at the edge of the range. */
export const amount: fc.Arbitrary<Money> = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -5_000, max: 5_000 }).map((cents) => BigInt(cents) * 10_000n) },
  { weight: 3, arbitrary: fc.bigInt({ min: -20_000_000n, max: 20_000_000n }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(MAX_ABS_MONEY, -MAX_ABS_MONEY, MAX_ABS_MONEY - 1n, MAX_ABS_MONEY / 2n + 1n),
  },
);

/** Overdrafts and leave-remaining amounts: zero or a little, in cents or micro-units. */
export const smallNonNegative: fc.Arbitrary<Money> = fc.oneof(
  fc.constant(0n),
  fc.integer({ min: 0, max: 3_000 }).map((cents) => BigInt(cents) * 10_000n),
  fc.bigInt({ min: 0n, max: 9_999_999n }),
);

/** Debits are what conditions are about, so they come more often than credits. */
export const debitOrCredit: fc.Arbitrary<Money> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5_000, max: 0 }).map((cents) => BigInt(cents) * 10_000n) },
  { weight: 1, arbitrary: amount },
);

type Weighted = fc.WeightedArbitrary<Operation>;

const op = (weight: number, arbitrary: fc.Arbitrary<Operation>): Weighted => ({ weight, arbitrary });

/** What a LeaveRemaining debit must leave: mostly zero or a little, now and then a negative amount. */
const leaveRemaining: fc.Arbitrary<Money> = fc.oneof(
  { weight: 6, arbitrary: smallNonNegative },
  { weight: 1, arbitrary: smallNonNegative.map((leave) => -leave) },
);

export const conditionalDebit: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('adjustIfAvailable' as const), username, amount: debitOrCredit, account }),
  fc.record({
    kind: fc.constant('adjustLeaveRemaining' as const),
    username,
    amount: debitOrCredit,
    leaveRemaining,
    account,
  }),
);

/** What decides a conditional debit: restriction, individual and default overdraft. */
export const creditLimit: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('setRestricted' as const), username, restricted: fc.boolean() }),
  fc.record({ kind: fc.constant('setOverdraft' as const), username, amount: smallNonNegative }),
  fc.record({ kind: fc.constant('useDefaultOverdraft' as const), username }),
  fc.record({ kind: fc.constant('setDefaultOverdraft' as const), amount: smallNonNegative }),
);

export const userOperations: readonly Weighted[] = [
  op(5, fc.record({ kind: fc.constant('createUser' as const), username })),
  op(6, fc.record({ kind: fc.constant('adjust' as const), username, amount, account })),
  op(9, conditionalDebit),
  op(2, fc.record({ kind: fc.constant('setBalance' as const), username, balance: amount, account })),
  op(1, fc.record({ kind: fc.constant('setBalanceProperty' as const), username, balance: amount })),
  op(3, fc.record({ kind: fc.constant('setRestricted' as const), username, restricted: fc.boolean() })),
  op(2, fc.record({ kind: fc.constant('setOverdraft' as const), username, amount: smallNonNegative })),
  op(1, fc.record({ kind: fc.constant('useDefaultOverdraft' as const), username })),
  op(1, fc.record({ kind: fc.constant('setDefaultOverdraft' as const), amount: smallNonNegative })),
  op(
    1,
    fc.record({ kind: fc.constant('setPersonalAccounts' as const), accounts: fc.constantFrom('', 'print') }),
  ),
  op(2, fc.record({ kind: fc.constant('renameUser' as const), from: username, to: username })),
  op(1, fc.record({ kind: fc.constant('deleteUser' as const), username })),
];

export const groupOperations: readonly Weighted[] = [
  op(2, fc.record({ kind: fc.constant('createGroup' as const), group })),
  op(1, fc.record({ kind: fc.constant('removeGroup' as const), group })),
  op(4, fc.record({ kind: fc.constant('joinGroup' as const), username, group })),
  op(1, fc.record({ kind: fc.constant('leaveGroup' as const), username, group })),
  op(2, fc.record({ kind: fc.constant('groupAdjust' as const), group, amount, account })),
  op(1, fc.record({ kind: fc.constant('groupSet' as const), group, balance: amount, account })),
  op(2, fc.record({ kind: fc.constant('groupUpTo' as const), group, amount, limit: debitOrCredit, account })),
];

export const sharedAccountOperations: readonly Weighted[] = [
  op(3, fc.record({ kind: fc.constant('createShared' as const), name: shared })),
  op(4, fc.record({ kind: fc.constant('adjustShared' as const), name: shared, amount })),
  op(1, fc.record({ kind: fc.constant('setShared' as const), name: shared, balance: amount })),
  op(
    1,
    fc.record({ kind: fc.constant('setSharedRestricted' as const), name: shared, restricted: fc.boolean() }),
  ),
  op(1, fc.record({ kind: fc.constant('renameShared' as const), from: shared, to: shared })),
  op(1, fc.record({ kind: fc.constant('deleteShared' as const), name: shared })),
];

export const anyOperation: fc.Arbitrary<Operation> = fc.oneof(
  ...userOperations,
  ...groupOperations,
  ...sharedAccountOperations,
);

/** Some users, groups, shared accounts (parents before their sub-accounts) and memberships to start from. */
export const setup: fc.Arbitrary<readonly Operation[]> = fc
  .tuple(
    fc.subarray(['ann', 'bob', 'cy', 'dee', 'eve'], { minLength: 2 }),
    fc.subarray(['staff', 'lab']),
    fc.subarray(['dept', 'proj', 'dept\\a', 'dept\\b', 'proj\\a']),
    fc.array(fc.tuple(username, fc.constantFrom('staff', 'lab')), { maxLength: 6 }),
  )
  .map(([usernames, groupNames, sharedNames, memberships]): readonly Operation[] => [
    ...usernames.map((name): Operation => ({ kind: 'createUser', username: name })),
    ...groupNames.map((name): Operation => ({ kind: 'createGroup', group: name })),
    ...sharedNames.map((name): Operation => ({ kind: 'createShared', name })),
    ...memberships.map(([name, groupName]): Operation => ({
      kind: 'joinGroup',
      username: name,
      group: groupName,
    })),
  ]);

/** A setup, then up to `maxLength` random operations. */
export const operations = (
  maxLength: number,
  arbitrary: fc.Arbitrary<Operation> = anyOperation,
): fc.Arbitrary<readonly Operation[]> =>
  fc
    .tuple(setup, fc.array(arbitrary, { minLength: 1, maxLength, size: 'max' }))
    .map(([first, then]) => [...first, ...then]);
