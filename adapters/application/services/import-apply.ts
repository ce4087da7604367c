import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../../domain/errors';
import { EventOf } from '../../../domain/event-definition';
import { sharedAccountImportCommands, userImportCommands } from '../../../domain/imports/apply';
import {
  ImportOperationStarted,
  SharedAccountDeletionEntry,
  SharedAccountImportEntry,
  UserImportEntry,
} from '../../../domain/imports/events';
import { operationDecider } from '../../../domain/operations/operations';
import { sharedAccountDecider } from '../../../domain/shared-accounts/decide';
import { operationStream, sharedAccountStream, userStream } from '../../../domain/streams';
import { UserCommand } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { describeDomainError } from '../describe-error';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import { Kernel, settled } from '../kernel';
import { userPolicy } from '../policy';
import { claimKey } from '../uniqueness';
import { inChunks } from './group-operations';
import { createSharedAccount, deleteSharedAccount } from './shared-accounts';
import { claimCard, executeUserCommands, userHoldsName } from './users';

export type ImportStart = EventOf<typeof ImportOperationStarted>;

/** Records written concurrently: their streams are independent and the store batches their commits. */
const ENTRY_CONCURRENCY = 32;
/** A progress line in the task's message every so many records. */
const PROGRESS_EVERY = 500;

type Outcome = Either<DomainError, unknown>;

/** Does this record's stream already carry this import's marker (written with the line's changes)? */
const carriesMarker = async (kernel: Kernel, stream: string, type: string, operationId: string) =>
  (await kernel.store.readStream(stream)).some(
    (recorded) =>
      recorded.type === type && (recorded.data as { operationId?: unknown }).operationId === operationId,
  );

const lineContext = (start: ImportStart, recordId: string) => ({
  operationId: start.data.operationId,
  file: start.data.file,
  transferId: derivedId(start.data.operationId, recordId, 'transfer'),
});

const applyUser = async (
  kernel: Kernel,
  start: ImportStart,
  entry: UserImportEntry,
  context: RequestContext,
): Promise<Outcome> => {
  const commands = userImportCommands(
    entry,
    lineContext(start, entry.userId),
    userPolicy(kernel.models.config),
  );
  if (!entry.create) {
    const user = kernel.models.users.activeById(entry.userId);
    if (user === undefined) return left({ code: 'UserNotFound', username: entry.username });
    return executeUserCommands(kernel, user, commands, context);
  }
  // A new user: its name and cards are claimed first; a retry with the same derived id finds them held.
  const claimed = await claimKey(
    kernel,
    'username',
    entry.username,
    entry.userId,
    userHoldsName(kernel, entry.username),
    { code: 'UserAlreadyExists', username: entry.username },
    context,
  );
  if (isLeft(claimed)) return claimed;
  for (const card of [entry.primaryCardNumber, entry.secondaryCardNumber]) {
    if (card === undefined || card === '') continue;
    const cardClaimed = await claimCard(kernel, card, entry.userId, context);
    if (isLeft(cardClaimed)) return cardClaimed;
  }
  const create: UserCommand = {
    kind: 'CreateUser',
    userId: entry.userId,
    username: entry.username,
    internal: entry.internal,
    source: 'import',
    details: {},
    primaryCardNumber: '',
    pinHash: '',
    passwordHash: '',
  };
  return settled(
    kernel,
    await kernel.aggregates.execute(
      userStream(entry.userId),
      userDecider,
      (state) => userDecider.decide({ kind: 'ApplyAll', commands: [create, ...commands] }, state),
      context,
    ),
  );
};

const applySharedAccount = async (
  kernel: Kernel,
  start: ImportStart,
  entry: SharedAccountImportEntry,
  context: RequestContext,
): Promise<Outcome> => {
  const { models } = kernel;
  const lines = lineContext(start, entry.accountId);
  if (entry.create) {
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
    );
  }
  return settled(
    kernel,
    await kernel.aggregates.execute(
      sharedAccountStream(entry.accountId),
      sharedAccountDecider,
      (state) =>
        state.status === 'absent' || state.deleted
          ? left<DomainError, never>({ code: 'SharedAccountNotFound', account: entry.fullName })
          : sharedAccountDecider.decide(
              { kind: 'ApplyAllToSharedAccount', commands: sharedAccountImportCommands(entry, state, lines) },
              state,
            ),
      context,
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

/**
 * Applies an import's recorded entries and records its completion. Every record's line is written
 * as one append that starts with the import's marker; when `recovering`, records that already
 * carry the marker are counted as applied and not touched again, so each line applies exactly once.
 */
export const applyImport = async (
  kernel: Kernel,
  start: ImportStart,
  context: RequestContext,
  options: { readonly recovering: boolean; readonly report: (line: string) => void },
): Promise<void> => {
  const { operationId, users, sharedAccounts, deletions } = start.data;
  const total = users.length + sharedAccounts.length + deletions.length;
  const skipped: { id: string; reason: string }[] = [];
  let applied = 0;
  let done = 0;

  const tally = (where: string, id: string, outcome: Outcome): void => {
    done += 1;
    if (isLeft(outcome)) {
      skipped.push({ id, reason: outcome.left.code });
      options.report(`${where}: not applied: ${describeDomainError(outcome.left)}`);
    } else applied += 1;
    if (done % PROGRESS_EVERY === 0 && done < total) options.report(`${done} of ${total} records done.`);
  };
  const already = async (stream: string, marker: string): Promise<boolean> =>
    options.recovering && (await carriesMarker(kernel, stream, marker, operationId));

  await inChunks(users, ENTRY_CONCURRENCY, async (entry) => {
    const outcome = (await already(userStream(entry.userId), 'UserImported'))
      ? right(true)
      : await applyUser(kernel, start, entry, context);
    tally(`Line ${entry.line} (${entry.username})`, entry.userId, outcome);
  });
  // Parents before their sub-accounts.
  for (const level of [
    sharedAccounts.filter((e) => e.parentId === ''),
    sharedAccounts.filter((e) => e.parentId !== ''),
  ])
    await inChunks(level, ENTRY_CONCURRENCY, async (entry) => {
      const outcome = (await already(sharedAccountStream(entry.accountId), 'SharedAccountImported'))
        ? right(true)
        : await applySharedAccount(kernel, start, entry, context);
      tally(`Line ${entry.line} (${entry.fullName})`, entry.accountId, outcome);
    });
  // Sub-accounts were put before their parents when the file was validated.
  for (const deletion of deletions)
    tally(
      `Deleting ${deletion.fullName}`,
      deletion.accountId,
      await applyDeletion(kernel, deletion, context),
    );

  skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const completed = await kernel.aggregates.execute(
    operationStream(operationId),
    operationDecider,
    (state) => operationDecider.decide({ kind: 'CompleteOperation', applied, skipped }, state),
    context,
  );
  if (isLeft(completed))
    throw new Error(`could not complete import ${operationId}: ${describeDomainError(completed.left)}`);
  await kernel.runner.waitFor(completed.right.position);
  options.report(
    `Import finished: ${applied} of ${total} records applied${skipped.length > 0 ? `, ${skipped.length} not applied (listed above)` : ''}.`,
  );
};
