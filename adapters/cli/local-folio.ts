import { snapshotSealOf } from '../../application/audit/snapshot-file';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { Either, isLeft } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { RequestContext } from '../../application/envelope';
import { createFolio, Folio } from '../../application/folio';
import { domainFault } from '../xmlrpc/faults';
import { DataFlags, openData } from './data-store';

/** The data folder's options (--data, --store, --config), resolved as `folio serve` resolves them. */
export type LocalFlags = DataFlags;

/** A CLI command's failure, printed as `folio: <message>` with exit status 1. */
export class LocalCommandError extends Error {}

const osUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/**
 * Runs an administrator's command on the data folder's event store directly, through the same
 * application services the server uses. It works whether or not a server is running on that folder:
 * appends are decided against each stream's current revision, and SQLite serialises the writers. The
 * running server folds these events at its next read (a top-up card is looked up again before it is
 * refused). Start-up recovery is left to the server: a command must not finish another process's work.
 * For the same reason the read models start from the server's snapshot but never write it: the
 * server alone keeps its folder's checkpoint.
 */
export const withLocalFolio = async <T>(
  flags: LocalFlags,
  command: string,
  work: (folio: Folio, context: RequestContext) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> => {
  const { store, snapshotPath, dataDir } = openData(flags, { writable: true, env });
  try {
    const folio = createFolio({
      store,
      snapshotPath,
      snapshotReadOnly: true,
      snapshotSeal: snapshotSealOf(dataDir),
    });
    await folio.projections.start();
    try {
      return await work(folio, {
        actor: `cli:${osUser()}`,
        method: `folio ${command}`,
        correlationId: randomUUID(),
      });
    } finally {
      await folio.tasks.idle();
      await folio.projections.stop();
    }
  } finally {
    await store.close();
  }
};

/** The value of a service result, or the fault table's message for its error: one text per error everywhere. */
export const orFail = <T>(result: Either<DomainError, T>): T => {
  if (isLeft(result)) throw new LocalCommandError(domainFault(result.left).faultString);
  return result.right;
};
