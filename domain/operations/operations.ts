import * as t from 'io-ts';
import { left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { defineEvent, EventOf } from '../event-definition';
import { MoneyCodec } from '../money';
import { PrinterImportStarted } from '../printers/import';
import { ImportOperationStarted } from '../imports/events';
import { TaskFinished, TaskRequested } from '../tasks/events';

/**
 * A multi-account operation (a group adjustment, an import…) cannot be one atomic write on a store
 * without cross-stream transactions. It is recorded first, with everything needed to finish it; each
 * member's entry then carries the operation id (and an event id derived from it, so a retried append
 * is recognised); completion is recorded last. On start-up every operation without its completion is
 * finished, so an operation is applied to all its members exactly once, or — if refused before it
 * started — to none.
 */
export const GroupBalanceMode = t.keyof({ adjust: null, set: null, 'up-to': null });
export type GroupBalanceMode = t.TypeOf<typeof GroupBalanceMode>;

export const GroupBalanceOperationStarted = defineEvent(
  'GroupBalanceOperationStarted',
  1,
  "A balance operation over a group's members began: adjust every balance by `amount`, set every balance to `amount`, or credit `amount` without exceeding `limit`.",
  t.type({
    operationId: t.string,
    groupId: t.string,
    groupName: t.string,
    mode: GroupBalanceMode,
    amount: MoneyCodec,
    limit: MoneyCodec,
    account: t.string,
    comment: t.string,
    userIds: t.array(t.string),
  }),
);

export const BulkOperationCompleted = defineEvent(
  'BulkOperationCompleted',
  1,
  'A multi-account operation finished: how many members it changed, and which it skipped and why.',
  t.type({
    operationId: t.string,
    applied: t.number,
    skipped: t.array(t.type({ id: t.string, reason: t.string })),
  }),
);

export const OPERATION_EVENTS = [
  GroupBalanceOperationStarted,
  BulkOperationCompleted,
  PrinterImportStarted,
  ImportOperationStarted,
  TaskRequested,
  TaskFinished,
] as const;
export type OperationEvent = EventOf<(typeof OPERATION_EVENTS)[number]>;
export type OperationStart = Exclude<OperationEvent, { type: 'BulkOperationCompleted' | 'TaskFinished' }>;

export type OperationState =
  | { readonly status: 'absent' }
  | { readonly status: 'started'; readonly start: OperationStart }
  | { readonly status: 'completed'; readonly start: OperationStart };

export type OperationCommand =
  | { readonly kind: 'StartOperation'; readonly start: OperationStart }
  | {
      readonly kind: 'CompleteOperation';
      readonly applied: number;
      readonly skipped: readonly { id: string; reason: string }[];
    }
  | { readonly kind: 'FinishTask' };

export const operationDecider: Decider<OperationCommand, OperationState, OperationEvent> = {
  initialState: () => ({ status: 'absent' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'GroupBalanceOperationStarted':
      case 'PrinterImportStarted':
      case 'ImportOperationStarted':
      case 'TaskRequested':
        return { status: 'started', start: event };
      case 'BulkOperationCompleted':
      case 'TaskFinished':
        return state.status === 'absent' ? state : { status: 'completed', start: state.start };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.kind) {
      case 'StartOperation':
        return state.status === 'absent' ? right([command.start]) : right([]);
      case 'CompleteOperation':
        if (state.status === 'completed') return right([]);
        if (state.status === 'absent')
          return left({ code: 'Conflict', what: 'completing an operation that never started' });
        return right([
          {
            type: 'BulkOperationCompleted',
            data: {
              operationId: state.start.data.operationId,
              applied: command.applied,
              skipped: [...command.skipped],
            },
          },
        ]);
      case 'FinishTask':
        if (state.status === 'completed') return right([]);
        if (state.status === 'absent')
          return left({ code: 'Conflict', what: 'finishing a task that was never requested' });
        return right([{ type: 'TaskFinished', data: { operationId: state.start.data.operationId } }]);
      default:
        return assertNever(command);
    }
  },
};
