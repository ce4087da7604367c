import { OperationStart } from '../domain/operations/operations';
import { operationStream } from '../domain/streams';
import { EventStore, RecordedEvent } from '../adapters/store/port';
import { RequestContext } from './envelope';
import { CommandHandlers } from './command-handlers';

/** The recorded start of an operation (its position bounds where its entries can be; its time, its age). */
export const operationStartOf = async (
  ports: { readonly store: Pick<EventStore, 'readStream'> },
  operationId: string,
): Promise<RecordedEvent | undefined> => {
  const [start] = await ports.store.readStream(operationStream(operationId));
  return start;
};

/**
 * Whether the sweep may finish this operation: always without a cutoff (start-up), otherwise only
 * once it is older than the cutoff — a younger one is most likely still being finished by the server
 * that started it, and finishing it twice at once, though safe, only doubles the work.
 */
export const startedBefore = (startedAt: string | undefined, cutoff: Date | undefined): boolean =>
  cutoff === undefined || startedAt === undefined || Date.parse(startedAt) <= cutoff.getTime();

/** Records an operation's start on its own stream, the point from which recovery will finish it. */
export const recordOperationStart = (
  ports: { readonly handlers: Pick<CommandHandlers, 'operations'> },
  start: OperationStart,
  context: RequestContext,
) => ports.handlers.operations.handle(start.data.operationId, { kind: 'StartOperation', start }, context);

/** The operations this process is finishing right now: recovery and the sweep leave them to it. */
export interface InFlightOperations {
  has(operationId: string): boolean;
  /** Runs `work` with the operation marked in flight, whatever way it ends. */
  during<T>(operationId: string, work: () => Promise<T>): Promise<T>;
}

export const createInFlightOperations = (): InFlightOperations => {
  const operationIds = new Set<string>();
  return {
    has: (operationId) => operationIds.has(operationId),
    during: async (operationId, work) => {
      operationIds.add(operationId);
      try {
        return await work();
      } finally {
        operationIds.delete(operationId);
      }
    },
  };
};
