import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold } from '../../../domain/decider';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { readUserProperty } from '../../../domain/users/properties';
import { User } from '../../../domain/users/state';
import { specFor } from '../../support/decider-spec';

const userId = 'u-1';
const created: UserEvent = {
  type: 'UserCreated',
  data: { userId, username: 'alice', internal: true, source: 'internal' },
};
const spec = specFor(userDecider);

const present = (events: readonly UserEvent[]): User => {
  const state = fold(userDecider, events);
  if (state.status !== 'present') assert.fail('expected a user');
  const { status: _status, ...user } = state;
  return user;
};

describe('user counts live in the print-stats read model', () => {
  it('ResetCounts records who reset and the counts the caller read from the read model', () =>
    spec
      .given([created])
      .when({ kind: 'ResetCounts', resetBy: 'admin', jobCountBefore: 7, pageCountBefore: 31 })
      .then([
        {
          type: 'UserCountsReset',
          data: { userId, resetBy: 'admin', jobCountBefore: 7, pageCountBefore: 31 },
        },
      ]));

  it('the user state carries no counts, and a reset leaves it unchanged', () => {
    const before = present([created]);
    assert.equal('jobCount' in before, false);
    assert.equal('pageCount' in before, false);
    const after = present([
      created,
      { type: 'UserCountsReset', data: { userId, resetBy: 'admin', jobCountBefore: 1, pageCountBefore: 2 } },
    ]);
    assert.deepEqual(after, before);
  });

  it('print-stats properties read the counts given in the context', () => {
    const user = present([created]);
    const context = {
      now: new Date('2025-03-01T10:00:00Z'),
      policy: { defaultOverdraft: 0n, personalAccounts: [] },
      counts: { jobCount: 12, pageCount: 345 },
    };
    assert.deepEqual(readUserProperty(user, 'print-stats.job-count', context), {
      _tag: 'Right',
      right: '12',
    });
    assert.deepEqual(readUserProperty(user, 'print-stats.page-count', context), {
      _tag: 'Right',
      right: '345',
    });
  });
});
