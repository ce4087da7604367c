import { counterAccountFor, TransferCause } from '../ledger/accounts';
import { userStream } from '../streams';
import { UserCommand, UserPolicy } from '../users/commands';
import { GroupBalanceMode, OperationStart } from './operations';
import { MemberStep, ProcessPlan } from './process';

export type GroupBalanceStart = Extract<OperationStart, { type: 'GroupBalanceOperationStarted' }>;

export interface GroupBalanceInput {
  readonly start: GroupBalanceStart['data'];
  readonly policy: UserPolicy;
  /** The transfer id of a member's entry, derived from the operation and the member (a retry is the same entry). */
  readonly transferIdOf: (userId: string) => string;
}

const CAUSES: Readonly<
  Record<GroupBalanceMode, Extract<TransferCause, 'group-adjustment' | 'group-balance-set' | 'group-top-up'>>
> = {
  adjust: 'group-adjustment',
  set: 'group-balance-set',
  'up-to': 'group-top-up',
};

/** The one command a member's stream receives. */
export const groupMemberCommand = (input: GroupBalanceInput, userId: string): UserCommand => {
  const { start, policy } = input;
  const transfer = {
    transferId: input.transferIdOf(userId),
    cause: CAUSES[start.mode],
    counterAccount: counterAccountFor(CAUSES[start.mode]),
    comment: start.comment,
    operationId: start.operationId,
  };
  switch (start.mode) {
    case 'set':
      return { kind: 'SetBalance', account: start.account, balance: start.amount, policy, transfer };
    case 'adjust':
      return {
        kind: 'AdjustBalance',
        account: start.account,
        amount: start.amount,
        condition: { kind: 'unconditional' },
        policy,
        transfer,
      };
    case 'up-to':
      return {
        kind: 'AdjustBalance',
        account: start.account,
        amount: start.amount,
        condition: { kind: 'up-to', limit: start.limit },
        policy,
        transfer,
      };
  }
};

/**
 * One wave, a step per member named at the start: its entry, or — when the entry would move nothing
 * (the balance already set, already at the limit) — a `UserBalanceUnchanged` marker, so that a resumed
 * run never decides that member again against a later balance.
 */
export const decideGroupBalance = (input: GroupBalanceInput): ProcessPlan => [
  input.start.userIds.map((userId): MemberStep => ({
    memberId: userId,
    stream: userStream(userId),
    eventKey: userId,
    where: `the entry of ${userId}`,
    claims: false,
    skipPrefix: '',
    action: {
      kind: 'user-command',
      command: groupMemberCommand(input, userId),
      unchanged: {
        kind: 'RecordBalanceUnchanged',
        operationId: input.start.operationId,
        account: input.start.account,
      },
    },
  })),
];
