import { Either, isLeft, left, right } from 'fp-ts/Either';
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
    const lastOwner = seen.state.releasedBy;
    const holds =
      owner !== null && owner !== ownerId
        ? (await ownerHoldsKey(owner)) || (await claimIsFresh(ports, stream, seen.revision))
        : owner === null && lastOwner !== null && lastOwner !== ownerId && (await ownerHoldsKey(lastOwner));
    const result = await ports.handlers.claims.handle(
      keyId,
      // The owner checked above must still be the claim's: otherwise look again.
      (state: ClaimState): Either<DomainError, ClaimCommand> =>
        state.ownerId !== owner || state.releasedBy !== lastOwner
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

/**
 * A log written before names were keyed by `nameKey` (NFC and lower case; card numbers once as typed)
 * holds those names' claims under their old keys, so today's claim stream of a look-alike may be free
 * while the name is stored. Every create, rename and card change therefore also asks the read model,
 * which indexes every stored name by today's key: `storedHolderId` is the entity it finds for the new
 * name, and one other than `ownerId` refuses the name with `conflict`. (The claim still decides races
 * between new names; this only keeps old ones from being taken twice.)
 */
export const refuseStoredLookAlike = (
  storedHolderId: string | undefined,
  ownerId: string,
  conflict: DomainError,
): Either<DomainError, void> =>
  storedHolderId === undefined || storedHolderId === ownerId ? right(undefined) : left(conflict);

/** Is the owner's own stream still empty: its creation never committed (crashed, failed, or still on its way)? */
export type OwnerUnborn = (ownerId: string) => Promise<boolean>;

/** The id a creation goes on with, and whether it took the claim itself (and so may give it back). */
export interface CreationClaim {
  readonly ownerId: string;
  readonly newlyClaimed: boolean;
}

/**
 * Claims a key for an entity about to be created. A claim whose owner was never created (the server
 * died between claim and creation, or the creation's append failed and so did its release) is not
 * waited out: the new creation adopts that owner's id and creates the entity under it. Every creation
 * of the key then writes to one stream, whose own decider lets exactly one of them create it (the
 * others are told it exists, as for any existing entity), so no grace period is needed and a retried
 * create whose first reply was lost goes through at once.
 */
export const claimKeyForCreation = async (
  ports: ClaimPorts,
  kind: UniqueKeyKind,
  key: string,
  newOwnerId: string,
  owner: { readonly holdsKey: OwnerCheck; readonly unborn: OwnerUnborn },
  conflict: DomainError,
  context: RequestContext,
): Promise<Either<DomainError, CreationClaim>> => {
  const current = (await ports.handlers.claims.load(uniqueKeyId(kind, key))).state.ownerId;
  if (current !== null && current !== newOwnerId && (await owner.unborn(current)))
    return right({ ownerId: current, newlyClaimed: false });
  const claimed = await claimKey(ports, kind, key, newOwnerId, owner.holdsKey, conflict, context);
  return isLeft(claimed) ? claimed : right({ ownerId: newOwnerId, newlyClaimed: claimed.right });
};

/**
 * Creations in flight in this process, by owner id: a failed creation gives its claim back only when
 * no other creation in this process adopted the same id meanwhile (that one may still commit).
 */
const creationsInFlight = new Map<string, number>();

/** Runs a creation of `ownerId`, counted in flight until it ends. */
export const inFlightCreation = async <T>(ownerId: string, create: () => Promise<T>): Promise<T> => {
  creationsInFlight.set(ownerId, (creationsInFlight.get(ownerId) ?? 0) + 1);
  try {
    return await create();
  } finally {
    const remaining = (creationsInFlight.get(ownerId) ?? 1) - 1;
    if (remaining === 0) creationsInFlight.delete(ownerId);
    else creationsInFlight.set(ownerId, remaining);
  }
};

/**
 * Whether a creation of `ownerId` that failed may give back the claims it took: not while another
 * creation here adopted the id, and not when the owner exists after all (another adopter, perhaps
 * in another process, created it: the claim is that entity's now).
 */
export const mayGiveBackCreationClaims = async (ownerId: string, unborn: OwnerUnborn): Promise<boolean> =>
  (creationsInFlight.get(ownerId) ?? 0) <= 1 && (await unborn(ownerId));

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
