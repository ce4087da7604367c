import { Money, ZERO } from '../money';

/** The condition under which a balance movement may apply, checked against the current stream revision. */
export type BalanceCondition =
  | { readonly kind: 'unconditional' }
  /** Debits only while credit is available: the account never goes below its limit. */
  | { readonly kind: 'if-available' }
  /** Debits only while at least `leaveRemaining` of credit is left available afterwards. */
  | { readonly kind: 'leave-remaining'; readonly leaveRemaining: Money }
  /** Credits at most up to `limit`: never raises the balance above it, never lowers it. */
  | { readonly kind: 'up-to'; readonly limit: Money };

/** Available credit: unlimited for unrestricted accounts, otherwise balance plus overdraft. */
export type AvailableCredit =
  { readonly unlimited: true } | { readonly unlimited: false; readonly amount: Money };

export type ConditionOutcome =
  | { readonly outcome: 'apply'; readonly amount: Money }
  | { readonly outcome: 'nothing-to-do' }
  | { readonly outcome: 'refused'; readonly available: Money };

/**
 * Decides how much of `amount` moves. Credits are always available; a conditional debit is refused
 * (never partially applied) when it would take the account below its limit.
 */
export const applyCondition = (
  condition: BalanceCondition,
  amount: Money,
  balance: Money,
  credit: AvailableCredit,
): ConditionOutcome => {
  switch (condition.kind) {
    case 'unconditional':
      return { outcome: 'apply', amount };
    case 'if-available':
      return withinCredit(amount, ZERO, credit);
    case 'leave-remaining':
      return withinCredit(amount, condition.leaveRemaining, credit);
    case 'up-to': {
      const room = condition.limit - balance;
      const credited = amount < room ? amount : room;
      return credited > ZERO ? { outcome: 'apply', amount: credited } : { outcome: 'nothing-to-do' };
    }
  }
};

const withinCredit = (amount: Money, leaveRemaining: Money, credit: AvailableCredit): ConditionOutcome => {
  if (amount >= ZERO || credit.unlimited) return { outcome: 'apply', amount };
  // The limit is the floor: a negative amount to leave must not open credit beyond the overdraft.
  const floor = leaveRemaining > ZERO ? leaveRemaining : ZERO;
  return credit.amount + amount >= floor
    ? { outcome: 'apply', amount }
    : { outcome: 'refused', available: credit.amount };
};
