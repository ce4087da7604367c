import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { EventOf } from '../../domain/event-definition';
import { sharedAccountImportCommands, userImportCommands } from '../../domain/imports/apply';
import {
  ImportOperationStarted,
  SharedAccountDeletionEntry,
  SharedAccountImportEntry,
  UserImportEntry,
} from '../../domain/imports/events';
import { sharedAccountStream, userStream } from '../../domain/streams';
import { describeDomainError } from '../describe-error';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import {
  MEMBER_CONCURRENCY,
  onceStep,
  OperationRef,
  OperationRuntime,
  persistStep,
  stepAlreadyApplied,
} from '../operation-steps';
import { Kernel, settled } from '../kernel';
import { userPolicy } from '../policy';
import { createSharedAccount, deleteSharedAccount } from './shared-accounts';
import { createUserAccount, executeUserCommands } from './users';

export type ImportStart = EventOf<typeof ImportOperationStarted>;

/** A progress line in the task's message every so many records. */
const PROGRESS_EVERY = 500;

type Outcome = Either<DomainError, unknown>;

const lineContext = (start: ImportStart, recordId: string) => ({
  operationId: start.data.operationId,
  file: start.data.file,
  transferId: derivedId(start.data.operationId, recordId, 'transfer'),
});

const applyUser = async (
  kernel: Kernel,
  start: ImportStart,
  operation: OperationRef,
  entry: UserImportEntry,
  context: RequestContext,
): Promise<Outcome> => {
  const once = onceStep(operation, entry.userId);
  const policy = userPolicy(kernel.models.config);
  // A line that claims a name or a card, applied before a stop, is not applied (nor claimed) again.
  const claims =
    entry.create || entry.primaryCardNumber !== undefined || entry.secondaryCardNumber !== undefined;
  if (claims && (await stepAlreadyApplied(kernel, userStream(entry.userId), once))) return right(true);
  if (!entry.create) {
    const user = kernel.models.users.activeById(entry.userId);
    if (user === undefined) return left({ code: 'UserNotFound', username: entry.username });
    return executeUserCommands(
      kernel,
      user,
      userImportCommands(entry, lineContext(start, entry.userId), policy),
      context,
      once,
    );
  }
  // A new user: what creation itself records goes into the creation, the rest follows in the same append.
  const { details, primaryCardNumber, secondaryCardNumber, pinHash, passwordHash, ...rest } = entry;
  return createUserAccount(
    kernel,
    context,
    {
      username: entry.username,
      internal: entry.internal,
      source: 'import',
      details: details ?? {},
      primaryCardNumber: primaryCardNumber ?? '',
      secondaryCardNumber: secondaryCardNumber ?? '',
      pinHash: pinHash ?? '',
      passwordHash: passwordHash ?? '',
    },
    userImportCommands(rest, lineContext(start, entry.userId), policy),
    entry.userId,
    once,
  );
};

const applySharedAccount = async (
  kernel: Kernel,
  start: ImportStart,
  operation: OperationRef,
  entry: SharedAccountImportEntry,
  context: RequestContext,
): Promise<Outcome> => {
  const { models } = kernel;
  const lines = lineContext(start, entry.accountId);
  const once = onceStep(operation, entry.accountId);
  if (entry.create) {
    // Created before a stop (and perhaps renamed since): its old name is not claimed again.
    if (await stepAlreadyApplied(kernel, sharedAccountStream(entry.accountId), once)) return right(true);
    const parent = entry.parentId === '' ? undefined : models.sharedAccounts.byId(entry.parentId);
    if (entry.parentId !== '' && (parent === undefined || parent.deleted))
      return left({
        code: 'ParentAccountNotFound',
        account: entry.fullName,
        parent: entry.fullName.slice(0, entry.fullName.length - entry.name.length - 1),
      });
    return createSharedAccount(
      kernel,
      context,
      { accountId: entry.accountId, parentId: entry.parentId, name: entry.name, fullName: entry.fullName },
      (created) => sharedAccountImportCommands(entry, created, lines),
      once,
    );
  }
  return settled(
    kernel,
    await kernel.handlers.sharedAccounts.handle(
      entry.accountId,
      (state) =>
        state.status === 'absent' || state.deleted
          ? left<DomainError, never>({ code: 'SharedAccountNotFound', account: entry.fullName })
          : right({
              kind: 'ApplyAllToSharedAccount',
              commands: sharedAccountImportCommands(entry, state, lines),
            }),
      context,
      { once: once.mark, eventId: once.eventId },
    ),
  );
};

const applyDeletion = async (
  kernel: Kernel,
  deletion: SharedAccountDeletionEntry,
  context: RequestContext,
): Promise<Outcome> => {
  const account = kernel.models.sharedAccounts.byId(deletion.accountId);
  // Deleted already (by this import before a stop, or by someone else): nothing left to do.
  if (account === undefined || account.deleted) return right(true);
  return deleteSharedAccount(kernel, context, account);
};

/** Runs `work` on every item, MEMBER_CONCURRENCY at a time; a failure is thrown once its chunk has settled. */
const inChunks = async <T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> => {
  for (let index = 0; index < items.length; index += MEMBER_CONCURRENCY) {
    const results = await Promise.allSettled(items.slice(index, index + MEMBER_CONCURRENCY).map(work));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
};

/**
 * Applies an import's recorded entries and records its completion. Every record's line is one
 * append holding the import's marker, written with `executeOnce`: a record whose stream already
 * carries this operation after its start is left alone, so however often an import is finished —
 * by its task, by start-up recovery, by two servers at once — each line applies exactly once. A
 * record that fails for a passing reason (a store error, a stream that kept changing) is tried again
 * (`persistStep`), never skipped; only a line the record refuses for good is skipped and reported.
 */
export const applyImport = async (
  kernel: Kernel,
  runtime: OperationRuntime,
  start: ImportStart,
  startPosition: number,
  context: RequestContext,
  report: (line: string) => void,
): Promise<void> => {
  const { operationId, users, sharedAccounts, deletions } = start.data;
  const operation: OperationRef = { operationId, startPosition };
  const total = users.length + sharedAccounts.length + deletions.length;
  const skipped: { id: string; reason: string }[] = [];
  let applied = 0;
  let done = 0;

  const tally = (where: string, id: string, outcome: Outcome): void => {
    done += 1;
    if (isLeft(outcome)) {
      skipped.push({ id, reason: outcome.left.code });
      report(`${where}: not applied: ${describeDomainError(outcome.left)}`);
    } else applied += 1;
    if (done % PROGRESS_EVERY === 0 && done < total) report(`${done} of ${total} records done.`);
  };

  const persisted = (what: string, step: () => Promise<Outcome>) =>
    persistStep(runtime, `${what} of import ${operationId}`, step);

  await inChunks(users, async (entry) => {
    const where = `Line ${entry.line} (${entry.username})`;
    tally(
      where,
      entry.userId,
      await persisted(where, () => applyUser(kernel, start, operation, entry, context)),
    );
  });
  // Parents before their sub-accounts.
  for (const level of [
    sharedAccounts.filter((entry) => entry.parentId === ''),
    sharedAccounts.filter((entry) => entry.parentId !== ''),
  ])
    await inChunks(level, async (entry) => {
      const where = `Line ${entry.line} (${entry.fullName})`;
      tally(
        where,
        entry.accountId,
        await persisted(where, () => applySharedAccount(kernel, start, operation, entry, context)),
      );
    });
  // Sub-accounts were put before their parents when the file was validated.
  for (const deletion of deletions) {
    const where = `Deleting ${deletion.fullName}`;
    tally(where, deletion.accountId, await persisted(where, () => applyDeletion(kernel, deletion, context)));
  }

  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const completed = await kernel.handlers.operations.handle(
    operationId,
    { kind: 'CompleteOperation', applied, skipped },
    context,
  );
  if (isLeft(completed))
    throw new Error(`could not complete import ${operationId}: ${describeDomainError(completed.left)}`);
  await kernel.runner.waitFor(completed.right.position);
  report(
    `Import finished: ${applied} of ${total} records applied${skipped.length > 0 ? `, ${skipped.length} not applied (listed above)` : ''}.`,
  );
};
