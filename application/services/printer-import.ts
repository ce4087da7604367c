import { readFileSync, statSync } from 'node:fs';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { printerDecider } from '../../domain/printers/decide';
import {
  describeImportError,
  importLineCommands,
  MAX_IMPORT_BYTES,
  parsePrinterImport,
} from '../../domain/printers/import';
import { printerDisplayName, printerKey } from '../../domain/printers/names';
import { RequestContext } from '../envelope';
import { derivedId, IdGenerator } from '../ids';
import { ok, Result } from '../kernel';
import { ReadModels } from '../../projections';
import { ProjectionRunner } from '../projection-runner';

import { ProcessRunner } from '../process-runner';
import { TaskReporter, TaskRunner } from '../tasks';
import { importFileName, resolveImportFile } from '../import-files';

import { PrinterImportStart } from '../../domain/operations/printer-import-process';

/**
 * What a printer import uses besides the process runner that applies it: the printers it matches
 * lines to, an id for the operation, the background task it runs in, and the read models' waitFor
 * (the report is written once the import is folded).
 */
export interface PrinterImportPorts {
  readonly models: Pick<ReadModels, 'printers'>;
  readonly ids: IdGenerator;
  readonly tasks: Pick<TaskRunner, 'start'>;
  readonly waitFor: ProjectionRunner['waitFor'];
}

type Member = PrinterImportStart['data']['printers'][number];

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

/**
 * api.batchImportPrinters: a tab-separated file on the server, validated whole (every bad line reported
 * by number in the task status), its valid lines applied as one operation — recorded first with
 * everything needed, then run by the process runner (the plan is in
 * domain/operations/printer-import-process.ts): each printer's line one append holding its
 * `PrinterImported` marker, written once (the check for the marker and the append at one stream
 * revision, so that two servers finishing the import at once cannot both apply a line); completion
 * last — so that the import is applied to every valid line exactly once, also across a restart.
 */
export const createPrinterImportServices = (
  ports: PrinterImportPorts,
  directories: readonly string[],
  processes: ProcessRunner,
) => {
  const { models } = ports;

  const commandsOf = (member: Member) =>
    importLineCommands(
      member.changes,
      member.register
        ? { printerId: member.printerId, server: member.server, printer: member.printer }
        : null,
    );

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
    const operationId = ports.ids();
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
    const outcome = await processes.run(processes.kinds.printerImport, start, context);
    if (isLeft(outcome)) throw new Error(`could not start the import: ${outcome.left.code}`);
    await ports.waitFor(outcome.right.position);
    const { applied, skipped } = outcome.right;
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
      await ports.tasks.start('batchImportPrinters', (report) =>
        runImport(context, path.right, text.right, shownAs, report),
      );
      return ok;
    },
  };
};

export type PrinterImportServices = ReturnType<typeof createPrinterImportServices>;
