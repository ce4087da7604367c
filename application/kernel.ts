import { Either, right } from 'fp-ts/Either';
import { DomainError } from '../domain/errors';
import { ProjectionRunner } from './projection-runner';

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

export const ok: Either<DomainError, true> = right(true);
