import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OperationStart } from '../../domain/operations/operations';
import { createEventLog } from '../support/event-log';
import { money } from '../support/money';
import { createUser, operationDoes, readModelsOf } from './fixtures';

const start = (operationId: string): OperationStart => ({
  type: 'GroupBalanceOperationStarted',
  data: {
    operationId,
    groupId: 'g-1',
    groupName: 'Staff',
    mode: 'adjust',
    amount: money('1'),
    limit: 0n,
    account: '',
    comment: '',
    userIds: ['u-1'],
  },
});

describe('operations read model', () => {
  it('lists the operations that started and did not complete', () => {
    const log = createEventLog();
    createUser(log, 'u-1', 'alice');
    operationDoes(log, 'op-1', { kind: 'StartOperation', start: start('op-1') });
    operationDoes(log, 'op-2', { kind: 'StartOperation', start: start('op-2') });
    operationDoes(log, 'op-3', { kind: 'StartOperation', start: start('op-3') });
    operationDoes(log, 'op-2', { kind: 'CompleteOperation', applied: 1, skipped: [] });
    const unfinished = readModelsOf(log).operations.unfinished();
    assert.deepEqual(unfinished.map((operation) => operation.data.operationId).sort(), ['op-1', 'op-3']);
    assert.deepEqual(
      unfinished.find((operation) => operation.data.operationId === 'op-1'),
      start('op-1'),
    );
  });

  it('lists nothing once every operation completed', () => {
    const log = createEventLog();
    operationDoes(log, 'op-1', { kind: 'StartOperation', start: start('op-1') });
    operationDoes(log, 'op-1', { kind: 'CompleteOperation', applied: 1, skipped: [] });
    assert.deepEqual(readModelsOf(log).operations.unfinished(), []);
  });
});
