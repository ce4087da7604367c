import fc from 'fast-check';
import { Folio } from '../../../application/folio';
import { Money, ZERO } from '../../../domain/money';
import { overdraftOf, total } from './conditional-debit-checks';
import {
  conditionalDebit,
  creditLimit,
  Operation,
  setup,
  smallNonNegative,
  userOperations,
} from './operations';

/** Every user restricted (mostly), with an overdraft and an opening balance of its own. */
const creditLimits: fc.Arbitrary<readonly Operation[]> = fc
  .array(
    fc.record({
      username: fc.constantFrom('ann', 'bob', 'cy', 'dee', 'eve'),
      restricted: fc.oneof(
        { weight: 4, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      overdraft: smallNonNegative,
      balance: fc.integer({ min: -500, max: 5_000 }).map((cents) => BigInt(cents) * 10_000n),
    }),
    { maxLength: 5 },
  )
  .map((limits) =>
    limits.flatMap(({ username, restricted, overdraft, balance }): Operation[] => [
      { kind: 'setBalance', username, balance, account: '' },
      { kind: 'setOverdraft', username, amount: overdraft },
      { kind: 'setRestricted', username, restricted },
    ]),
  );

/**
 * A debit that takes the user to exactly `delta` micro-units beside what must stay available:
 * its amount is only known once the steps before it have run.
 */
interface BoundaryDebit {
  readonly kind: 'boundaryDebit';
  readonly username: string;
  readonly leaveRemaining: Money | null;
  readonly delta: Money;
}

type Step = Operation | BoundaryDebit;

const boundaryDebit: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('boundaryDebit' as const),
  username: fc.constantFrom('ann', 'bob', 'cy'),
  leaveRemaining: fc.option(smallNonNegative, { nil: null }),
  delta: fc.constantFrom(-1n, 0n, 1n),
});

/** The concrete conditional debit a boundary debit stands for, given the user as it is now. */
export const concrete = (folio: Folio, step: Step): Operation => {
  if (step.kind !== 'boundaryDebit') return step;
  const user = folio.models.users.findByUsername(step.username);
  const available = user === undefined ? ZERO : total(user) + overdraftOf(folio, user);
  const amount = (step.leaveRemaining ?? ZERO) - available + step.delta;
  return step.leaveRemaining === null
    ? { kind: 'adjustIfAvailable', username: step.username, amount, account: '' }
    : {
        kind: 'adjustLeaveRemaining',
        username: step.username,
        amount,
        leaveRemaining: step.leaveRemaining,
        account: '',
      };
};

/** Restricted users and their balances, with conditional debits and changes to the credit limit coming often. */
export const conditionalSequences: fc.Arbitrary<readonly Step[]> = fc
  .tuple(
    setup,
    creditLimits,
    fc.array(
      fc.oneof(
        ...userOperations,
        { weight: 12, arbitrary: conditionalDebit },
        { weight: 6, arbitrary: boundaryDebit },
        { weight: 6, arbitrary: creditLimit },
      ),
      { minLength: 1, maxLength: 40, size: 'max' },
    ),
  )
  .map(([first, limits, then]) => [...first, ...limits, ...then]);
