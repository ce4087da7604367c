import { importLineCommands } from '../printers/import';
import { printerStream } from '../streams';
import { OperationStart } from './operations';
import { MemberStep, ProcessPlan } from './process';

export type PrinterImportStart = Extract<OperationStart, { type: 'PrinterImportStarted' }>;

/**
 * One wave, a step per valid line: the printer's registration when it is new (its name claimed
 * first), the line's `PrinterImported` marker and its changes, in one append.
 */
export const decidePrinterImport = (start: PrinterImportStart['data']): ProcessPlan => [
  start.printers.map((member): MemberStep => ({
    memberId: member.printerId,
    stream: printerStream(member.printerId),
    eventKey: member.printerId,
    where: `line ${member.line}`,
    claims: member.register,
    skipPrefix: `line ${member.line}: `,
    action: {
      kind: 'printer-line',
      commands: importLineCommands(
        member.changes,
        member.register
          ? { printerId: member.printerId, server: member.server, printer: member.printer }
          : null,
        { operationId: start.operationId, file: start.file, line: member.line },
      ),
      ...(member.register ? { claimName: { server: member.server, printer: member.printer } } : {}),
    },
  })),
];
