import * as t from 'io-ts';
import { right, left } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { defineEvent, EventOf } from '../event-definition';

/**
 * Name uniqueness without cross-stream transactions: each unique key (a username, a group name, a
 * card number…) has a claim stream. A claim is taken with the stream's expected revision, so two
 * racing creators cannot both win. A claim whose owner no longer holds the name (deleted, renamed,
 * or never created because the process died between claim and creation) is stale and may be taken
 * over; the caller tells `decide` whether the current owner still holds it.
 */
export const UniqueKeyKind = t.keyof({
  username: null,
  group: null,
  'shared-account': null,
  card: null,
  printer: null,
});
export type UniqueKeyKind = t.TypeOf<typeof UniqueKeyKind>;

export const NameClaimed = defineEvent(
  'NameClaimed',
  1,
  'A unique key (username, group or shared-account name, card number, printer) was claimed for an owner stream.',
  t.type({ kind: UniqueKeyKind, key: t.string, ownerId: t.string }),
);

export const NameReleased = defineEvent(
  'NameReleased',
  1,
  'The owner of a unique key gave it up (rename, delete, card change).',
  t.type({ kind: UniqueKeyKind, key: t.string, ownerId: t.string }),
);

export const UNIQUENESS_EVENTS = [NameClaimed, NameReleased] as const;
export type UniquenessEvent = EventOf<(typeof UNIQUENESS_EVENTS)[number]>;

export type ClaimState = {
  readonly ownerId: string | null;
  /**
   * Who gave the key up last. A release can race a creation that adopted the same owner id and commits
   * just after it; the next claimant then checks that this owner does not hold the key after all.
   */
  readonly releasedBy: string | null;
};

export type ClaimCommand =
  | {
      readonly kind: 'Claim';
      readonly keyKind: UniqueKeyKind;
      readonly key: string;
      readonly ownerId: string;
      /** Whether the present owner (or, for a released key, its last owner) holds this key, as its own stream says. */
      readonly currentOwnerHoldsKey: boolean;
      readonly conflict: DomainError;
    }
  | {
      readonly kind: 'Release';
      readonly keyKind: UniqueKeyKind;
      readonly key: string;
      readonly ownerId: string;
    };

export const uniquenessDecider: Decider<ClaimCommand, ClaimState, UniquenessEvent> = {
  initialState: () => ({ ownerId: null, releasedBy: null }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'NameClaimed':
        return { ownerId: event.data.ownerId, releasedBy: null };
      case 'NameReleased':
        return { ownerId: null, releasedBy: event.data.ownerId };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.kind) {
      case 'Claim': {
        if (state.ownerId === command.ownerId) return right([]);
        if (command.currentOwnerHoldsKey && (state.ownerId ?? state.releasedBy) !== null)
          return left(command.conflict);
        return right([
          {
            type: 'NameClaimed',
            data: { kind: command.keyKind, key: command.key, ownerId: command.ownerId },
          },
        ]);
      }
      case 'Release':
        return state.ownerId === command.ownerId
          ? right([
              {
                type: 'NameReleased',
                data: { kind: command.keyKind, key: command.key, ownerId: command.ownerId },
              },
            ])
          : right([]);
      default:
        return assertNever(command);
    }
  },
};
