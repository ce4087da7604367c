import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperationEvent, operationDecider, OperationStart } from '../../../domain/operations/operations';
import { specify } from '../../support/decider-specification';
import { money } from '../../support/money';

const spec = specify(operationDecider);

const started: OperationStart = {
  type: 'GroupBalanceOperationStarted',
  data: {
    operationId: 'op-1',
    groupId: 'g-1',
    groupName: 'Staff',
    mode: 'up-to',
    amount: money('5'),
    limit: money('20'),
    account: '',
    comment: 'weekly top-up',
    userIds: ['u-1', 'u-2'],
  },
};
const completed: OperationEvent = {
  type: 'BulkOperationCompleted',
  data: { operationId: 'op-1', applied: 1, skipped: [{ id: 'u-2', reason: 'UserNotFound' }] },
};

describe('StartOperation', () => {
  it('records the start with everything needed to finish it', () => {
    const state = spec.given([]).when({ kind: 'StartOperation', start: started }).then([started]);
    assert.equal(state.status, 'started');
  });

  it('starting again records nothing, before or after completion', () => {
    spec.given([started]).when({ kind: 'StartOperation', start: started }).thenNothingHappens();
    spec.given([started, completed]).when({ kind: 'StartOperation', start: started }).thenNothingHappens();
  });
});

describe('CompleteOperation', () => {
  it('records what was applied and what was skipped, and why', () => {
    const state = spec
      .given([started])
      .when({ kind: 'CompleteOperation', applied: 1, skipped: [{ id: 'u-2', reason: 'UserNotFound' }] })
      .then([completed]);
    assert.equal(state.status, 'completed');
  });

  it('completing again records nothing (recovery after a crash may repeat it)', () => {
    spec
      .given([started, completed])
      .when({ kind: 'CompleteOperation', applied: 2, skipped: [] })
      .thenNothingHappens();
  });

  it('refuses to complete an operation that never started', () => {
    spec.given([]).when({ kind: 'CompleteOperation', applied: 0, skipped: [] }).thenFails('Conflict');
  });
});
