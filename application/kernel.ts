import { Either, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { ReadModels } from '../projections';
import { EventStore } from '../adapters/store/port';
import { CommandHandlers } from './command-handlers';
import { IdGenerator } from './ids';
import { ProjectionRunner } from './projection-runner';
import { TaskRunner } from './tasks';

/** What every application service works with. One instance per running Folio. */
export interface Kernel {
  readonly store: EventStore;
  readonly models: ReadModels;
  readonly runner: ProjectionRunner;
  /** One command handler per aggregate: every state change goes through one of them. */
  readonly handlers: CommandHandlers;
  readonly clock: () => Date;
  readonly ids: IdGenerator;
  /** Salted one-way hash for PINs and passwords. */
  readonly hashSecret: (secret: string) => string;
  readonly verifySecret: (secret: string, hash: string) => boolean;
  /** Background tasks reported through api.getTaskStatus. */
  readonly tasks: TaskRunner;
  readonly readYourWrites: ReadYourWrites;
}

export type Result<T> = Promise<Either<DomainError, T>>;

/** Answers a command's outcome once the read models have folded what it wrote. */
export type ReadYourWrites = <T extends { readonly position: number }>(
  executed: Either<DomainError, T>,
) => Result<T>;

/**
 * Read-your-writes: a command's reply waits until the read models have folded the events it wrote,
 * so the caller's next query sees its own change.
 */
export const readYourWritesThrough =
  (runner: Pick<ProjectionRunner, 'waitFor'>): ReadYourWrites =>
  async (executed) => {
    if (executed._tag === 'Right' && executed.right.position > 0) {
      // The events are durable whatever happens to the read models: a committed change is answered as
      // done, never as a failure a client would retry (and so apply twice). A read model that cannot
      // fold the log is reported by the health check and the logs.
      await runner.waitFor(executed.right.position).catch(() => undefined);
    }
    return executed;
  };

export const settled = <T extends { readonly position: number }>(
  kernel: Kernel,
  executed: Either<DomainError, T>,
): Result<T> => readYourWritesThrough(kernel.runner)(executed);

export const ok: Either<DomainError, true> = right(true);
