import { isLeft, right } from 'fp-ts/Either';
import { decideAll } from '../../domain/decider';
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
import { TaskReporter } from '../tasks';
import { DurableTasks } from '../durable-tasks';
import { importFileName, readImportFile, resolveImportFile } from '../import-files';
import { MAX_IMPORT_LINES } from './imports';

import { PrinterImportStart } from '../../domain/operations/printer-import-process';

/**
 * What a printer import uses besides the process runner that applies it: the printers it matches
 * lines to, an id for the operation, the background task it runs in, and the read models' waitFor
 * (the report is written once the import is folded).
 */
export interface PrinterImportPorts {
  readonly models: Pick<ReadModels, 'printers'>;
  readonly ids: IdGenerator;
  readonly durable: Pick<DurableTasks, 'request' | 'register' | 'derivedOperation'>;
  readonly waitFor: ProjectionRunner['waitFor'];
}

type Member = PrinterImportStart['data']['printers'][number];

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
    /** Derived from the task's id: a resumed task finds the operation it recorded before a crash. */
    operationId: string,
  ): Promise<void> => {
    const before = await ports.durable.derivedOperation<PrinterImportStart>(
      operationId,
      'PrinterImportStarted',
    );
    if (before.status === 'finished') {
      report('the import was applied before the restart');
      return;
    }
    if (before.status === 'unfinished') {
      const outcome = await processes.run(processes.kinds.printerImport, before.start, context, {
        record: async () => right(before.position),
      });
      if (isLeft(outcome)) throw new Error(`could not finish the import: ${outcome.left.code}`);
      await ports.waitFor(outcome.right.position);
      report(`applied ${outcome.right.applied} line(s) as operation ${operationId}`);
      return;
    }
    const parsed = parsePrinterImport(text);
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
      const trial = decideAll(
        printerDecider,
        commandsOf(member),
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

  ports.durable.register('printer-import', (request, taskId, context, report) =>
    runImport(
      context,
      request.file,
      request.contents,
      request.shownAs,
      report,
      derivedId(taskId, 'printers'),
    ),
  );

  return {
    batchImportPrinters: async (context: RequestContext, requested: string): Result<true> => {
      // Read only from the import folders, like every batch import (see import-files.ts).
      const path = resolveImportFile(directories, requested);
      if (isLeft(path)) return path;
      const shownAs = importFileName(directories, path.right);
      // Read in chunks and refused at the first line past the limit, never whole into memory first.
      const text = await readImportFile(path.right, shownAs, {
        maxBytes: MAX_IMPORT_BYTES,
        maxDataLines: MAX_IMPORT_LINES,
      });
      if (isLeft(text)) return text;
      // Recorded with the contents as read now before the call answers: the task survives a crash.
      const recorded = await ports.durable.request(context, 'batchImportPrinters', {
        kind: 'printer-import',
        file: path.right,
        shownAs,
        contents: text.right.text,
      });
      return isLeft(recorded) ? recorded : ok;
    },
  };
};

export type PrinterImportServices = ReturnType<typeof createPrinterImportServices>;
