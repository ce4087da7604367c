import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { canonicalMoney, Money, ZERO } from '../money';
import { isBuiltInGroupName, validateName } from '../names';
import { GroupEvent, QuotaPeriod } from './events';
import { evolveGroup, GroupState, initialGroupState } from './state';
import { InitialUserSettings, sameInitialSettings, validateInitialSettings } from './initial-settings';

export { ALL_USERS_GROUP, INTERNAL_USERS_GROUP, RESERVED_GROUPS } from '../built-in-groups';

/** A built-in group's name in either spelling (`!!All Users!!`, `[All Users]`) or any look-alike of it. */
export const isReservedGroup = isBuiltInGroupName;

export type GroupCommand =
  | {
      readonly kind: 'CreateGroup';
      readonly groupId: string;
      readonly name: string;
      readonly source: 'application' | 'directory';
    }
  | { readonly kind: 'AddMember'; readonly userId: string }
  | { readonly kind: 'RemoveMember'; readonly userId: string }
  | {
      readonly kind: 'SetQuota';
      readonly amount: Money;
      readonly period: QuotaPeriod;
      readonly maxAccumulation: Money;
    }
  | { readonly kind: 'RemoveGroup' }
  | { readonly kind: 'SetInitialSettings'; readonly settings: InitialUserSettings };

type Decision = Either<DomainError, readonly GroupEvent[]>;

export const validateGroupName = (name: string): Either<DomainError, string> => {
  const valid = validateName('group', name);
  if (isLeft(valid)) return valid;
  return isReservedGroup(valid.right) ? left({ code: 'ReservedGroup', group: name }) : valid;
};

export const decideGroup = (command: GroupCommand, state: GroupState): Decision => {
  if (command.kind === 'CreateGroup') {
    if (state.status === 'present') return left({ code: 'GroupAlreadyExists', group: command.name });
    const valid = validateGroupName(command.name);
    if (isLeft(valid)) return valid;
    return right([
      { type: 'GroupCreated', data: { groupId: command.groupId, name: valid.right, source: command.source } },
    ]);
  }
  if (state.status === 'absent' || state.removed)
    return left({ code: 'GroupNotFound', group: state.status === 'absent' ? '' : state.name });
  const groupId = state.groupId;
  switch (command.kind) {
    case 'AddMember':
      return state.members.includes(command.userId)
        ? right([])
        : right([{ type: 'GroupMemberAdded', data: { groupId, userId: command.userId } }]);
    case 'RemoveMember':
      return state.members.includes(command.userId)
        ? right([{ type: 'GroupMemberRemoved', data: { groupId, userId: command.userId } }])
        : right([]);
    case 'SetQuota':
      if (command.amount < ZERO)
        return left({
          code: 'InvalidValue',
          field: 'amount',
          value: canonicalMoney(command.amount),
          expected: 'a quota of zero or more',
        });
      if (command.maxAccumulation < ZERO)
        return left({
          code: 'InvalidValue',
          field: 'maxAccumulation',
          value: canonicalMoney(command.maxAccumulation),
          expected: 'zero (no limit) or more',
        });
      return right([
        {
          type: 'GroupQuotaSet',
          data: {
            groupId,
            amount: command.amount,
            period: command.period,
            maxAccumulation: command.maxAccumulation,
          },
        },
      ]);
    case 'RemoveGroup':
      return right([{ type: 'GroupRemoved', data: { groupId, name: state.name } }]);
    case 'SetInitialSettings': {
      const valid = validateInitialSettings(command.settings);
      if (isLeft(valid)) return valid;
      return sameInitialSettings(state.initialSettings, valid.right)
        ? right([])
        : right([{ type: 'GroupInitialSettingsSet', data: { groupId, settings: valid.right } }]);
    }
    default:
      return assertNever(command);
  }
};

export const groupDecider: Decider<GroupCommand, GroupState, GroupEvent> = {
  decide: decideGroup,
  evolve: evolveGroup,
  initialState: initialGroupState,
};
