import { readFileSync, statSync } from 'node:fs';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { OperationStart } from '../../domain/operations/operations';
import { printerDecider } from '../../domain/printers/decide';
import {
  describeImportError,
  importLineCommands,
  MAX_IMPORT_BYTES,
  parsePrinterImport,
} from '../../domain/printers/import';
import { printerDisplayName, printerKey } from '../../domain/printers/names';
import { printerStream } from '../../domain/streams';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import { Kernel, ok, Result } from '../kernel';
import {
  defaultOperationRuntime,
  onceStep,
  OperationRuntime,
  persistStep,
  stepAlreadyApplied,
} from '../operation-steps';
import { createInFlightOperations, finishEachUnfinished, recordOperationStart } from '../operation-starts';
import { TaskReporter } from '../tasks';
import { importFileName, resolveImportFile } from '../import-files';
import { claimPrinterName } from './printer-registration';

type PrinterImportStart = Extract<OperationStart, { type: 'PrinterImportStarted' }>;
type Member = PrinterImportStart['data']['printers'][number];

/** Printers written concurrently; their streams are independent and the store batches the commits. */
const MEMBER_CONCURRENCY = 16;

/**
 * Reads the confined file at `path`; a refusal names the file inside its import folder (`shownAs`) and gives
 * the error code only, since an error's message names the resolved path on the server.
 */
const readImportFile = (path: string, shownAs: string): Either<DomainError, string> => {
  try {
    const size = statSync(path).size;
    if (size > MAX_IMPORT_BYTES)
      return left({
        code: 'FileNotReadable',
        path: shownAs,
        reason: `it is larger than ${MAX_IMPORT_BYTES} bytes`,
      });
    return right(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'an unexpected error';
    return left({ code: 'FileNotReadable', path: shownAs, reason });
  }
};

/** Runs `work` on every item, `size` at a time, waiting for each batch to settle; the first failure is thrown after. */
const inSettledChunks = async <T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) => {
  for (let index = 0; index < items.length; index += size) {
    const results = await Promise.allSettled(items.slice(index, index + size).map(work));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
};

/**
 * api.batchImportPrinters: a tab-separated file on the server, validated whole (every bad line reported
 * by number in the task status), its valid lines applied as one operation — recorded first with
 * everything needed; each printer's line one append holding its `PrinterImported` marker, written
 * through `executeOnce` (the check for the marker and the append at one stream revision, so that two
 * servers finishing the import at once cannot both apply a line); completion last — so that the
 * import is applied to every valid line exactly once, also across a restart.
 */
export const createPrinterImportServices = (
  kernel: Kernel,
  directories: readonly string[],
  runtime: OperationRuntime = defaultOperationRuntime,
) => {
  const { models } = kernel;
  /** Imports this process is applying right now: the sweep leaves them to their task. */
  const inFlight = createInFlightOperations();

  const commandsOf = (member: Member, marker?: { operationId: string; file: string }) =>
    importLineCommands(
      member.changes,
      member.register
        ? { printerId: member.printerId, server: member.server, printer: member.printer }
        : null,
      marker === undefined ? undefined : { ...marker, line: member.line },
    );

  /** One line's append, once: found already done (by the marker) or written now, or refused for good. */
  const applyMember = async (
    start: PrinterImportStart,
    startPosition: number,
    member: Member,
    context: RequestContext,
  ): Promise<Either<DomainError, unknown>> => {
    const { operationId, file } = start.data;
    const once = onceStep({ operationId, startPosition }, member.printerId);
    // A new printer's name is claimed first; a name taken meanwhile refuses the line. Not for a line
    // applied already: its printer may have been renamed since, and its old name is not claimed again.
    const claimed =
      member.register && !(await stepAlreadyApplied(kernel, printerStream(member.printerId), once))
        ? await claimPrinterName(kernel, member, member.printerId, context)
        : right(true);
    const commands = commandsOf(member, { operationId, file });
    if (isLeft(claimed)) return claimed;
    return kernel.handlers.printers.handle(
      member.printerId,
      { kind: 'ApplyAllToPrinter', commands },
      context,
      {
        once: once.mark,
        eventId: once.eventId,
      },
    );
  };

  const finish = async (start: PrinterImportStart, startPosition: number, context: RequestContext) => {
    const skipped: { id: string; reason: string }[] = [];
    let applied = 0;
    await inSettledChunks(start.data.printers, MEMBER_CONCURRENCY, async (member) => {
      const done = await persistStep(
        runtime,
        `line ${member.line} of printer import ${start.data.operationId}`,
        () => applyMember(start, startPosition, member, context),
      );
      if (isLeft(done))
        skipped.push({ id: member.printerId, reason: `line ${member.line}: ${done.left.code}` });
      else applied += 1;
    });
    skipped.sort((a, b) => (a.id < b.id ? -1 : 1));
    const completed = await kernel.handlers.operations.handle(
      start.data.operationId,
      { kind: 'CompleteOperation', applied, skipped },
      context,
    );
    if (isLeft(completed))
      throw new Error(`could not complete operation ${start.data.operationId}: ${completed.left.code}`);
    await kernel.runner.waitFor(completed.right.position);
    return { applied, skipped };
  };

  /** `finish`, marked as in flight in this process meanwhile. */
  const finishing = (start: PrinterImportStart, startPosition: number, context: RequestContext) =>
    inFlight.during(start.data.operationId, () => finish(start, startPosition, context));

  /** Records the operation's start and applies it; in flight in this process from before the start. */
  const startAndFinish = (start: PrinterImportStart, context: RequestContext) =>
    inFlight.during(start.data.operationId, async () => {
      const started = await recordOperationStart(kernel, start, context);
      if (isLeft(started)) throw new Error(`could not start the import: ${started.left.code}`);
      return finishing(start, started.right.position, context);
    });

  /** Validates the file, plans the operation and applies it, reporting each step to the task status. */
  const runImport = async (
    context: RequestContext,
    path: string,
    text: string,
    /** The file as named inside its import folder: task lines are read by anyone (getTaskStatus takes no token). */
    shownAs: string,
    report: TaskReporter,
  ): Promise<void> => {
    const parsed = parsePrinterImport(text);
    const operationId = kernel.ids();
    const printers: Member[] = [];
    const problems = [...parsed.problems];
    for (const line of parsed.lines) {
      const existing = models.printers.findByName(line);
      const member: Member = {
        line: line.line,
        printerId: existing?.printerId ?? derivedId(operationId, 'printer', printerKey(line)),
        server: line.server,
        printer: line.printer,
        register: existing === undefined,
        changes: line.changes,
      };
      // All or nothing: a line whose changes the printer would refuse is reported, never half-applied.
      const trial = printerDecider.decide(
        { kind: 'ApplyAllToPrinter', commands: commandsOf(member) },
        existing === undefined ? { status: 'absent' } : { status: 'present', ...existing },
      );
      if (isLeft(trial)) problems.push({ line: line.line, problem: describeImportError(trial.left) });
      else printers.push(member);
    }
    problems.sort((a, b) => a.line - b.line);
    report(`${shownAs}: ${printers.length} valid line(s), ${problems.length} bad line(s)`);
    for (const { line, problem } of problems) report(`line ${line}: ${problem}`);
    if (printers.length === 0) {
      report('nothing to apply');
      return;
    }
    const start: PrinterImportStart = {
      type: 'PrinterImportStarted',
      data: { operationId, file: path, printers },
    };
    const { applied, skipped } = await startAndFinish(start, context);
    const registered = printers.filter((member) => member.register).length;
    report(`applied ${applied} line(s) as operation ${operationId} (${registered} printer(s) new)`);
    for (const each of skipped) {
      const member = printers.find((candidate) => candidate.printerId === each.id);
      report(`skipped ${member === undefined ? each.id : printerDisplayName(member)}, ${each.reason}`);
    }
  };

  return {
    batchImportPrinters: async (context: RequestContext, requested: string): Result<true> => {
      // Read only from the import folders, like every batch import (see import-files.ts).
      const path = resolveImportFile(directories, requested);
      if (isLeft(path)) return path;
      const shownAs = importFileName(directories, path.right);
      const text = readImportFile(path.right, shownAs);
      if (isLeft(text)) return text;
      await kernel.tasks.start('batchImportPrinters', (report) =>
        runImport(context, path.right, text.right, shownAs, report),
      );
      return ok;
    },
    /**
     * Finishes every printer import a stopped process left half-way: at start-up, before serving (all
     * of them), and from the running server's sweep (those started before `cutoff` and not being
     * applied by this process already).
     */
    recoverUnfinished: async (context: RequestContext, cutoff?: Date): Promise<number> => {
      const unfinished = models.operations
        .unfinished()
        .filter((start): start is PrinterImportStart => start.type === 'PrinterImportStarted')
        .filter((start) => !inFlight.has(start.data.operationId));
      return finishEachUnfinished(kernel, inFlight, unfinished, cutoff, (start, startPosition) =>
        finishing(start, startPosition, context),
      );
    },
  };
};

export type PrinterImportServices = ReturnType<typeof createPrinterImportServices>;
