import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { ImportKind, ImportOptions } from '../../domain/imports/events';
import { describePlan } from '../../domain/imports/feedback';
import { plural } from '../../domain/plural';
import { ImportPlan, UserImportDraft } from '../../domain/imports/plan';
import { planSharedAccountImport } from '../../domain/imports/shared-account-plan';
import { tsvLines, TsvLine } from '../../domain/imports/tsv';
import { planCardNumberImport, planUserImport } from '../../domain/imports/user-plan';
import { RequestContext } from '../envelope';
import { importFileName, MAX_IMPORT_FILE_BYTES, readImportFile, resolveImportFile } from '../import-files';
import { derivedId, IdGenerator } from '../ids';
import { Result } from '../kernel';
import { ReadModels } from '../../projections';
import { ProjectionRunner } from '../projection-runner';

import { TaskFailure } from '../tasks';
import { DurableTasks } from '../durable-tasks';
import { findGroup, groupIdOf, sharedAccountNamed } from '../resolve';
import { describeDomainError } from '../describe-error';
import { ImportStart } from '../../domain/operations/import-process';
import { ProcessRunner, StepObserver } from '../process-runner';

/**
 * What a batch import uses besides the process runner that applies it: the users and shared accounts
 * and groups it matches lines to, the secret hash for imported PINs and passwords, an id for the operation, the
 * background task it runs in, and the read models' waitFor (the report is written once it is folded).
 */
export interface ImportPorts {
  readonly models: Pick<ReadModels, 'users' | 'sharedAccounts' | 'groups'>;
  readonly hashSecret: (secret: string) => string;
  readonly ids: IdGenerator;
  readonly durable: Pick<DurableTasks, 'request' | 'register' | 'derivedOperation'>;
  readonly waitFor: ProjectionRunner['waitFor'];
}

/** More data lines than this in one file is refused: split the file (the operation event holds them all). */
export const MAX_IMPORT_LINES = 50_000;

export interface ImportRequest {
  readonly kind: ImportKind;
  readonly file: string;
  readonly options: ImportOptions;
}

type Started = ImportStart;

/** A progress line in the task's message every so many records. */
const PROGRESS_EVERY = 500;

const TASK_NAMES: Readonly<Record<ImportKind, string>> = {
  'shared-accounts': 'batch import of shared accounts',
  users: 'batch import of users',
  'internal-users': 'batch import of internal users',
  'card-numbers': 'batch import of card/ID numbers',
};

/** Yields to the event loop, so that slow hashing in a task does not hold up the server's callers. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The batch imports. Each call confines and reads the file and validates every line at once (the
 * caller gets the feedback, and a fault if the file cannot be used); the valid lines are then
 * applied by a background task (api.getTaskStatus), validated again against the state at that
 * moment, recorded as one operation, applied record by record and completed — or finished at
 * start-up if the process stopped half-way.
 */
export const createImportServices = (
  ports: ImportPorts,
  directories: readonly string[],
  processes: ProcessRunner,
) => {
  const { models } = ports;

  const lookups = (operationId: string) => ({
    userByName: (username: string) => models.users.findByUsername(username),
    cardHolder: (card: string) => models.users.findByCardNumber(card),
    sharedAccountByName: (fullName: string) => {
      const account = sharedAccountNamed(models, fullName);
      return account === undefined
        ? undefined
        : {
            accountId: account.accountId,
            parentId: account.parentId,
            fullName: models.sharedAccounts.fullName(account),
          };
    },
    sharedAccounts: () =>
      models.sharedAccounts.sorted().map((account) => ({
        accountId: account.accountId,
        parentId: account.parentId,
        fullName: models.sharedAccounts.fullName(account),
      })),
    groupIdByName: (name: string) => {
      const group = findGroup(models, name);
      return isLeft(group) ? undefined : groupIdOf(group.right);
    },
    newId: (kind: 'user' | 'shared-account', key: string) => derivedId(operationId, kind, key),
  });

  const plan = (request: ImportRequest, lines: readonly TsvLine[], operationId: string): ImportPlan => {
    const { options } = request;
    const world = lookups(operationId);
    switch (request.kind) {
      case 'shared-accounts':
        return planSharedAccountImport(lines, options.deleteNonExistent ?? false, world);
      case 'users':
        return planUserImport(
          lines,
          { kind: 'users', createNewUsers: options.createNewUsers ?? false },
          world,
        );
      case 'internal-users':
        return planUserImport(
          lines,
          {
            kind: 'internal-users',
            overwritePasswords: options.overwritePasswords ?? false,
            overwritePINs: options.overwritePINs ?? false,
          },
          world,
        );
      case 'card-numbers':
        return planCardNumberImport(lines, options.overwritePINs ?? false, world);
    }
  };

  /** Secrets become salted hashes here, one at a time, yielding between them, with progress now and then. */
  const hashSecrets = async (
    drafts: readonly UserImportDraft[],
    report: (line: string) => void,
  ): Promise<Started['data']['users']> => {
    const entries: Started['data']['users'][number][] = [];
    const withSecrets = drafts.filter(
      (draft) => draft.pin !== undefined || draft.password !== undefined,
    ).length;
    let hashed = 0;
    for (const { pin, password, ...entry } of drafts) {
      const secret = pin !== undefined || password !== undefined;
      if (secret) await breathe();
      entries.push({
        ...entry,
        ...(pin === undefined ? {} : { pinHash: ports.hashSecret(pin) }),
        ...(password === undefined ? {} : { passwordHash: ports.hashSecret(password) }),
      });
      if (secret) hashed += 1;
      if (secret && hashed % PROGRESS_EVERY === 0 && hashed < withSecrets)
        report(`PINs and passwords hashed for ${hashed} of ${withSecrets} users.`);
    }
    return entries;
  };

  const runTask = async (
    context: RequestContext,
    request: ImportRequest,
    lines: readonly TsvLine[],
    /** The file named inside its import folder: task lines are read by anyone (getTaskStatus takes no token). */
    shownAs: string,
    report: (line: string) => void,
    /** Derived from the task's id: a resumed task finds the operation it recorded before a crash. */
    operationId: string,
  ): Promise<void> => {
    // Let the call that queued this task answer first: validating a large file takes a while.
    await breathe();
    const before = await ports.durable.derivedOperation<ImportStart>(operationId, 'ImportOperationStarted');
    if (before.status === 'finished') {
      report('The import was applied before the restart.');
      return;
    }
    if (before.status === 'unfinished') {
      await applyOperation(context, before.start, report, async () => right(before.position));
      return;
    }
    // Checking a large file and hashing its secrets take a while: say so before, not after.
    report(`Read ${plural(lines.length, 'data line')} from '${shownAs}': checking them…`);
    const planned = plan(request, lines, operationId);
    for (const line of describePlan(request.kind, shownAs, planned)) report(line);
    if (planned.users.length + planned.sharedAccounts.length + planned.deletions.length === 0) {
      report('Nothing to apply.');
      return;
    }
    const start: ImportStart = {
      type: 'ImportOperationStarted',
      data: {
        operationId,
        kind: request.kind,
        file: request.file,
        options: request.options,
        users: await hashSecrets(planned.users, report),
        sharedAccounts: [...planned.sharedAccounts],
        deletions: [...planned.deletions],
      },
    };
    await applyOperation(context, start, report);
  };

  /** Records the import's operation (unless `record` says where it already is) and applies it. */
  const applyOperation = async (
    context: RequestContext,
    start: ImportStart,
    report: (line: string) => void,
    record?: () => Promise<Either<DomainError, number>>,
  ): Promise<void> => {
    const total = start.data.users.length + start.data.sharedAccounts.length + start.data.deletions.length;
    let done = 0;
    // Each line the record refuses for good is reported as it settles, with progress now and then.
    const observe: StepObserver = (step, outcome) => {
      done += 1;
      if (isLeft(outcome)) report(`${step.where}: not applied: ${describeDomainError(outcome.left)}`);
      if (done % PROGRESS_EVERY === 0 && done < total) report(`${done} of ${total} records done.`);
    };
    const outcome = await processes.run(processes.kinds.imports, start, context, {
      observe,
      ...(record === undefined ? {} : { record }),
    });
    if (isLeft(outcome))
      throw new TaskFailure(`the import could not start: ${describeDomainError(outcome.left)}`);
    await ports.waitFor(outcome.right.position);
    const { applied, skipped } = outcome.right;
    report(
      `Import finished: ${applied} of ${total} records applied${skipped.length > 0 ? `, ${skipped.length} not applied (listed above)` : ''}.`,
    );
  };

  /**
   * Confines, reads and validates the file; with `test`, stops there. Replies and task lines name the
   * file inside its import folder, never by its absolute path on the server; the operation event records the
   * resolved path for the audit trail.
   */
  const run = async (context: RequestContext, request: ImportRequest, test: boolean): Result<string> => {
    const path = resolveImportFile(directories, request.file);
    if (isLeft(path)) return path;
    const shownAs = importFileName(directories, path.right);
    const read = await readImportFile(path.right, shownAs, {
      maxBytes: MAX_IMPORT_FILE_BYTES,
      maxDataLines: MAX_IMPORT_LINES,
    });
    if (isLeft(read)) return read;
    const lines = tsvLines(read.right.text);
    const resolved: ImportRequest = { ...request, file: path.right };
    // Only the shared-account import answers with feedback; the others report in the task's message.
    const preview =
      request.kind === 'shared-accounts' || test
        ? describePlan(request.kind, shownAs, plan(resolved, lines, 'preview'))
        : [];
    if (test) return right([...preview, 'Test only: nothing was changed.'].join('\n'));
    // Recorded with the contents as read now before the call answers: the task survives a crash.
    const requested = await ports.durable.request(context, `${TASK_NAMES[request.kind]} from ${shownAs}`, {
      kind: 'import',
      importKind: request.kind,
      file: path.right,
      shownAs,
      options: request.options,
      contents: read.right.text,
    });
    if (isLeft(requested)) return requested;
    return right(
      [
        ...preview,
        'The valid lines are applied by a background task: api.getTaskStatus reports its progress.',
      ].join('\n'),
    );
  };

  ports.durable.register('import', (request, taskId, context, report) =>
    runTask(
      context,
      { kind: request.importKind, file: request.file, options: request.options },
      tsvLines(request.contents),
      request.shownAs,
      report,
      derivedId(taskId, 'import'),
    ),
  );

  const accepted = async (outcome: Either<DomainError, string>): Result<true> =>
    isLeft(outcome) ? outcome : right(true);

  return {
    batchImportSharedAccounts: (
      context: RequestContext,
      file: string,
      test: boolean,
      deleteNonExistent: boolean,
    ) => run(context, { kind: 'shared-accounts', file, options: { deleteNonExistent } }, test),
    batchImportUsers: async (context: RequestContext, file: string, createNewUsers: boolean) =>
      accepted(await run(context, { kind: 'users', file, options: { createNewUsers } }, false)),
    batchImportInternalUsers: async (
      context: RequestContext,
      file: string,
      overwritePasswords: boolean,
      overwritePINs: boolean,
      emailUserOnCreation: boolean,
    ) =>
      accepted(
        await run(
          context,
          {
            kind: 'internal-users',
            file,
            options: { overwritePasswords, overwritePINs, emailUserOnCreation },
          },
          false,
        ),
      ),
    batchImportUserCardIdNumbers: async (context: RequestContext, file: string, overwritePINs: boolean) =>
      accepted(await run(context, { kind: 'card-numbers', file, options: { overwritePINs } }, false)),
  };
};

export type ImportServices = ReturnType<typeof createImportServices>;
