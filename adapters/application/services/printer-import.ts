import { readFileSync, statSync } from 'node:fs';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../../domain/errors';
import { operationDecider, OperationStart } from '../../../domain/operations/operations';
import { printerDecider } from '../../../domain/printers/decide';
import {
  describeImportError,
  importLineCommands,
  MAX_IMPORT_BYTES,
  parsePrinterImport,
} from '../../../domain/printers/import';
import { printerDisplayName, printerKey } from '../../../domain/printers/names';
import { PrinterState } from '../../../domain/printers/state';
import { operationStream, printerStream } from '../../../domain/streams';
import { RequestContext } from '../envelope';
import { derivedId } from '../ids';
import { Kernel, ok, Result } from '../kernel';
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
 * everything needed, each printer written with ids derived from the operation, completion last — so
 * that the import is applied to every valid line exactly once, also across a restart.
 */
export const createPrinterImportServices = (kernel: Kernel, directories: readonly string[]) => {
  const { models } = kernel;

  const memberEventId = (operationId: string, member: Member) => (index: number) =>
    derivedId(operationId, member.printerId, String(index));

  const alreadyApplied = async (operationId: string, member: Member): Promise<boolean> => {
    const first = memberEventId(operationId, member)(0);
    return (await kernel.store.readStream(printerStream(member.printerId))).some(
      (recorded) => recorded.eventId === first,
    );
  };

  const commandsOf = (member: Member) =>
    importLineCommands(
      member.changes,
      member.register
        ? { printerId: member.printerId, server: member.server, printer: member.printer }
        : null,
    );

  const applyMember = async (
    start: PrinterImportStart,
    member: Member,
    context: RequestContext,
  ): Promise<DomainError | null> => {
    if (member.register) {
      const claimed = await claimPrinterName(kernel, member, member.printerId, context);
      if (isLeft(claimed)) return claimed.left;
    }
    const commands = commandsOf(member);
    const done = await kernel.aggregates.execute(
      printerStream(member.printerId),
      printerDecider,
      (state: PrinterState) => printerDecider.decide({ kind: 'ApplyAllToPrinter', commands }, state),
      context,
      memberEventId(start.data.operationId, member),
    );
    return isLeft(done) ? done.left : null;
  };

  const finish = async (start: PrinterImportStart, context: RequestContext, recovering: boolean) => {
    const skipped: { id: string; reason: string }[] = [];
    let applied = 0;
    await inSettledChunks(start.data.printers, MEMBER_CONCURRENCY, async (member) => {
      if (recovering && (await alreadyApplied(start.data.operationId, member))) {
        applied += 1;
        return;
      }
      const problem = await applyMember(start, member, context);
      if (problem === null) applied += 1;
      else skipped.push({ id: member.printerId, reason: `line ${member.line}: ${problem.code}` });
    });
    skipped.sort((a, b) => (a.id < b.id ? -1 : 1));
    const completed = await kernel.aggregates.execute(
      operationStream(start.data.operationId),
      operationDecider,
      (state) => operationDecider.decide({ kind: 'CompleteOperation', applied, skipped }, state),
      context,
    );
    if (isLeft(completed))
      throw new Error(`could not complete operation ${start.data.operationId}: ${completed.left.code}`);
    await kernel.runner.waitFor(completed.right.position);
    return { applied, skipped };
  };

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
    const started = await kernel.aggregates.execute(
      operationStream(operationId),
      operationDecider,
      (state) => operationDecider.decide({ kind: 'StartOperation', start }, state),
      context,
    );
    if (isLeft(started)) throw new Error(`could not start the import: ${started.left.code}`);
    const { applied, skipped } = await finish(start, context, false);
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
    /** Finishes every printer import a stopped process left half-way. Run once at start-up, before serving. */
    recoverUnfinished: async (context: RequestContext): Promise<number> => {
      const unfinished = models.operations
        .unfinished()
        .filter((start): start is PrinterImportStart => start.type === 'PrinterImportStarted');
      for (const start of unfinished) await finish(start, context, true);
      return unfinished.length;
    },
  };
};

export type PrinterImportServices = ReturnType<typeof createPrinterImportServices>;
