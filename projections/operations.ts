import { EventEnvelope } from '../domain/envelope';
import { isOperationEvent } from '../domain/events';
import { OperationStart } from '../domain/operations/operations';
import { byKey, ReadModel } from './read-model';

/** Multi-account operations that started and have not recorded completion: the recovery work list. */
export const createOperationsReadModel = () => {
  const open = new Map<string, OperationStart>();
  return {
    name: 'operations',
    apply: ({ event }: EventEnvelope): void => {
      if (!isOperationEvent(event)) return;
      if (event.type === 'BulkOperationCompleted' || event.type === 'TaskFinished')
        open.delete(event.data.operationId);
      else open.set(event.data.operationId, event);
    },
    unfinished: (): readonly OperationStart[] => [...open.values()],
    snapshot: () => [...open.values()].sort(byKey((start) => start.data.operationId)),
    restore: (snapshot: unknown): void => {
      open.clear();
      for (const start of snapshot as OperationStart[]) open.set(start.data.operationId, start);
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type OperationsReadModel = ReturnType<typeof createOperationsReadModel>;
