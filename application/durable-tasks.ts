import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { OperationStart } from '../domain/operations/operations';
import { TaskRequest } from '../domain/tasks/events';
import { EventStore } from '../adapters/store/port';
import { ReadModels } from '../projections';
import { CommandHandlers } from './command-handlers';
import { RequestContext } from './envelope';
import { IdGenerator } from './ids';
import { operationStartOf } from './operation-starts';
import { TaskFailure, TaskReporter, TaskRunner } from './tasks';

export type TaskRequestedStart = Extract<OperationStart, { type: 'TaskRequested' }>;

/** Carries out one kind of task; `taskId` is what the task's own operation id derives from. */
export type TaskWork<R extends TaskRequest> = (
  request: R,
  taskId: string,
  context: RequestContext,
  report: TaskReporter,
) => Promise<void>;

export interface DurableTaskPorts {
  readonly handlers: Pick<CommandHandlers, 'operations'>;
  readonly tasks: Pick<TaskRunner, 'start'>;
  readonly models: Pick<ReadModels, 'operations'>;
  readonly store: Pick<EventStore, 'readStream'>;
  readonly ids: IdGenerator;
}

/** Where an operation a task derives stands, so that a resumed task never plans it a second time. */
export type DerivedOperation<Start extends OperationStart> =
  | { readonly status: 'absent' }
  | { readonly status: 'unfinished'; readonly start: Start; readonly position: number }
  | { readonly status: 'finished' };

/**
 * Background tasks that survive a crash: the call's request is recorded as `TaskRequested` (on the
 * operation stream of the task's id) before the call is answered, the task runs from the recorded
 * request, and `TaskFinished` is recorded when it ends. At start-up — after the process
 * runner has finished any operation a task had recorded — every task without its completion is run
 * again from its request; a task's own operation (an import's) has an id derived from the task's, so
 * the resumed task finds it instead of applying its lines twice.
 */
export const createDurableTasks = (ports: DurableTaskPorts) => {
  const workers = new Map<TaskRequest['kind'], TaskWork<TaskRequest>>();
  /** Tasks queued or running in this process: resumption leaves them alone. */
  const launched = new Set<string>();

  const complete = async (taskId: string, context: RequestContext): Promise<void> => {
    const completed = await ports.handlers.operations.handle(taskId, { kind: 'FinishTask' }, context);
    if (isLeft(completed))
      throw new Error(`could not record the end of task ${taskId}: ${completed.left.code}`);
  };

  const launch = (start: TaskRequestedStart, context: RequestContext, resumed: boolean): Promise<void> => {
    const { operationId: taskId, name, request } = start.data;
    const work = workers.get(request.kind);
    if (work === undefined) throw new Error(`no worker for tasks of kind ${request.kind}`);
    launched.add(taskId);
    return ports.tasks.start(resumed ? `${name} (resumed after a restart)` : name, async (report) => {
      try {
        await work(request, taskId, context, report);
      } catch (error) {
        // A failure written for the caller is the task's end; any other is tried again at restart.
        if (error instanceof TaskFailure) await complete(taskId, context);
        throw error;
      } finally {
        launched.delete(taskId);
      }
      await complete(taskId, context);
    });
  };

  return {
    register: <K extends TaskRequest['kind']>(kind: K, work: TaskWork<Extract<TaskRequest, { kind: K }>>) => {
      workers.set(kind, work as TaskWork<TaskRequest>);
    },
    /** Records the task's request durably, then queues it; a call answers only after this resolves. */
    request: async (
      context: RequestContext,
      name: string,
      request: TaskRequest,
    ): Promise<Either<DomainError, void>> => {
      const start: TaskRequestedStart = {
        type: 'TaskRequested',
        data: { operationId: ports.ids(), name, request },
      };
      const recorded = await ports.handlers.operations.handle(
        start.data.operationId,
        { kind: 'StartOperation', start },
        context,
      );
      if (isLeft(recorded)) return recorded;
      await launch(start, context, false);
      return right(undefined);
    },
    /** Queues every recorded task without its completion (start-up, after the process runner's recovery). */
    resumeUnfinished: async (context: RequestContext): Promise<number> => {
      let resumed = 0;
      for (const start of ports.models.operations.unfinished()) {
        if (start.type !== 'TaskRequested' || launched.has(start.data.operationId)) continue;
        await launch(start, context, true);
        resumed += 1;
      }
      return resumed;
    },
    /** The state of the operation a task derives (its id from the task's), read from the store. */
    derivedOperation: async <Start extends OperationStart>(
      operationId: string,
      type: Start['type'],
    ): Promise<DerivedOperation<Start>> => {
      const recorded = await operationStartOf(ports, operationId);
      if (recorded === undefined) return { status: 'absent' };
      const start = ports.models.operations
        .unfinished()
        .find((each): each is Start => each.type === type && each.data.operationId === operationId);
      return start === undefined
        ? { status: 'finished' }
        : { status: 'unfinished', start, position: recorded.position };
    },
  };
};

export type DurableTasks = ReturnType<typeof createDurableTasks>;
