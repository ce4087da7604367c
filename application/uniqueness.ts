import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { nameKey } from '../domain/names';
import { ClaimCommand, ClaimState, UniqueKeyKind } from '../domain/uniqueness/uniqueness';
import { uniqueKeyId, uniqueKeyStream } from '../domain/streams';
import { RequestContext } from './envelope';
import { EventStore } from '../adapters/store/port';
import { CommandHandlers } from './command-handlers';

/**
 * What claiming a unique key uses: the claims handler, the claim stream's last event (to judge a
 * claim's age) and the clock.
 */
export interface ClaimPorts {
  readonly handlers: Pick<CommandHandlers, 'claims'>;
  readonly store: Pick<EventStore, 'readStream'>;
  readonly clock: () => Date;
}

/** Does the owner's own stream still say it holds this key? */
export type OwnerCheck = (ownerId: string) => Promise<boolean>;

const RETRY: DomainError = { code: 'Conflict', what: 'claim changed while checking its owner' };
const MAX_ATTEMPTS = 10;

/**
 * A claim this young is live even though its owner does not hold the key yet: the owner may be
 * between its claim and its own append (creating the user, renaming it), in this process or another.
 * Only an older claim whose owner does not hold the key is stale (the claimant died half-way).
 */
export const CLAIM_GRACE_MS = 30_000;

const claimIsFresh = async (ports: ClaimPorts, stream: string, revision: number): Promise<boolean> => {
  const [last] = await ports.store.readStream(stream, revision);
  return (
    last !== undefined &&
    last.type === 'NameClaimed' &&
    ports.clock().getTime() - Date.parse(last.recordedAt) < CLAIM_GRACE_MS
  );
};

/**
 * Takes the unique key for `ownerId`, unless a live owner holds it (or claimed it moments ago). Racing
 * claimants serialise on the claim stream's revision: exactly one wins. Resolves to whether the key
 * was newly claimed (false: `ownerId` held it already), so a caller that fails afterwards releases
 * only what it took.
 */
export const claimKey = async (
  ports: ClaimPorts,
  kind: UniqueKeyKind,
  key: string,
  ownerId: string,
  ownerHoldsKey: OwnerCheck,
  conflict: DomainError,
  context: RequestContext,
): Promise<Either<DomainError, boolean>> => {
  const stream = uniqueKeyStream(kind, key);
  const keyId = uniqueKeyId(kind, key);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const seen = await ports.handlers.claims.load(keyId);
    const owner = seen.state.ownerId;
    const holds =
      owner !== null && owner !== ownerId
        ? (await ownerHoldsKey(owner)) || (await claimIsFresh(ports, stream, seen.revision))
        : false;
    const result = await ports.handlers.claims.handle(
      keyId,
      // The owner checked above must still be the claim's: otherwise look again.
      (state: ClaimState): Either<DomainError, ClaimCommand> =>
        state.ownerId !== owner
          ? left(RETRY)
          : right({
              kind: 'Claim',
              keyKind: kind,
              key: nameKey(key),
              ownerId,
              currentOwnerHoldsKey: holds,
              conflict,
            }),
      context,
    );
    if (result._tag === 'Left' && result.left === RETRY) continue;
    return result._tag === 'Left' ? result : right(result.right.events.length > 0);
  }
  return left(RETRY);
};

/** Gives a key up; a no-op unless `ownerId` holds the claim. */
export const releaseKey = async (
  ports: Pick<ClaimPorts, 'handlers'>,
  kind: UniqueKeyKind,
  key: string,
  ownerId: string,
  context: RequestContext,
): Promise<void> => {
  if (key === '') return;
  await ports.handlers.claims.handle(
    uniqueKeyId(kind, key),
    { kind: 'Release', keyKind: kind, key: nameKey(key), ownerId },
    context,
  );
};
