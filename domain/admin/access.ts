import { Either, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { AdminEvent, AdminPrincipal } from './events';

/**
 * Who holds administrator rights: user ids and group ids, on one stream. Granting what is held, or
 * revoking what is not, changes nothing, so scripts may repeat a call safely.
 */
export interface AdminAccessState {
  readonly userIds: readonly string[];
  readonly groupIds: readonly string[];
}

export type AdminAccessCommand = {
  readonly kind: 'GrantAdminAccess' | 'RevokeAdminAccess';
  readonly principal: AdminPrincipal;
  readonly principalId: string;
  readonly name: string;
};

const holders = (state: AdminAccessState, principal: AdminPrincipal): readonly string[] =>
  principal === 'user' ? state.userIds : state.groupIds;

const withHolder = (
  state: AdminAccessState,
  principal: AdminPrincipal,
  update: (ids: readonly string[]) => readonly string[],
): AdminAccessState =>
  principal === 'user'
    ? { ...state, userIds: update(state.userIds) }
    : { ...state, groupIds: update(state.groupIds) };

export const decideAdminAccess = (
  command: AdminAccessCommand,
  state: AdminAccessState,
): Either<DomainError, readonly AdminEvent[]> => {
  const { principal, principalId, name } = command;
  const held = holders(state, principal).includes(principalId);
  switch (command.kind) {
    case 'GrantAdminAccess':
      return held
        ? right([])
        : right([{ type: 'AdminAccessGranted', data: { principal, principalId, name } }]);
    case 'RevokeAdminAccess':
      return held
        ? right([{ type: 'AdminAccessRevoked', data: { principal, principalId, name } }])
        : right([]);
    default:
      return assertNever(command.kind);
  }
};

export const evolveAdminAccess = (state: AdminAccessState, event: AdminEvent): AdminAccessState => {
  const { principal, principalId } = event.data;
  switch (event.type) {
    case 'AdminAccessGranted':
      return withHolder(state, principal, (ids) => (ids.includes(principalId) ? ids : [...ids, principalId]));
    case 'AdminAccessRevoked':
      return withHolder(state, principal, (ids) => ids.filter((id) => id !== principalId));
    default:
      return assertNever(event);
  }
};

export const adminAccessDecider: Decider<AdminAccessCommand, AdminAccessState, AdminEvent> = {
  initialState: () => ({ userIds: [], groupIds: [] }),
  evolve: evolveAdminAccess,
  decide: decideAdminAccess,
};
