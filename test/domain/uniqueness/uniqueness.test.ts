import { describe, it } from 'node:test';
import { DomainError } from '../../../domain/errors';
import { ClaimCommand, uniquenessDecider, UniquenessEvent } from '../../../domain/uniqueness/uniqueness';
import { specify } from '../../support/decider-specification';

const spec = specify(uniquenessDecider);
const taken: DomainError = { code: 'UserAlreadyExists', username: 'alice' };

const claim = (ownerId: string, currentOwnerHoldsKey = false): ClaimCommand => ({
  kind: 'Claim',
  keyKind: 'username',
  key: 'alice',
  ownerId,
  currentOwnerHoldsKey,
  conflict: taken,
});
const release = (ownerId: string): ClaimCommand => ({
  kind: 'Release',
  keyKind: 'username',
  key: 'alice',
  ownerId,
});
const claimed = (ownerId: string): UniquenessEvent => ({
  type: 'NameClaimed',
  data: { kind: 'username', key: 'alice', ownerId },
});
const released = (ownerId: string): UniquenessEvent => ({
  type: 'NameReleased',
  data: { kind: 'username', key: 'alice', ownerId },
});

describe('Claim', () => {
  it('claims a free key', () => {
    spec
      .given([])
      .when(claim('u-1'))
      .then([claimed('u-1')]);
  });

  it('claims a key its owner released', () => {
    spec
      .given([claimed('u-1'), released('u-1')])
      .when(claim('u-2', false))
      .then([claimed('u-2')]);
  });

  it('refuses a released key whose last owner holds it after all (a release that raced a creation)', () => {
    spec
      .given([claimed('u-1'), released('u-1')])
      .when(claim('u-2', true))
      .thenFails('UserAlreadyExists', { username: 'alice' });
  });

  it('the owner claiming again records nothing (a retried create)', () => {
    spec
      .given([claimed('u-1')])
      .when(claim('u-1', true))
      .thenNothingHappens();
  });

  it("refuses with the caller's conflict while the owner still holds the key", () => {
    spec
      .given([claimed('u-1')])
      .when(claim('u-2', true))
      .thenFails('UserAlreadyExists', { username: 'alice' });
  });

  it('takes over a stale claim whose owner no longer holds the key', () => {
    spec
      .given([claimed('u-1')])
      .when(claim('u-2', false))
      .then([claimed('u-2')]);
  });
});

describe('Release', () => {
  it('the owner releases its key', () => {
    spec
      .given([claimed('u-1')])
      .when(release('u-1'))
      .then([released('u-1')]);
  });

  it('anyone else releasing records nothing: only the owner gives a key up', () => {
    spec
      .given([claimed('u-1')])
      .when(release('u-2'))
      .thenNothingHappens();
    spec
      .given([claimed('u-1'), claimed('u-2')])
      .when(release('u-1'))
      .thenNothingHappens();
  });

  it('releasing a free key records nothing', () => {
    spec.given([]).when(release('u-1')).thenNothingHappens();
    spec
      .given([claimed('u-1'), released('u-1')])
      .when(release('u-1'))
      .thenNothingHappens();
  });
});
