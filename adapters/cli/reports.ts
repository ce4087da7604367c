import { isLeft, right } from 'fp-ts/Either';
import {
  latestReportCheckpoint,
  ReportCheckpoint,
  signReportCheckpoint,
} from '../../application/audit/report-checkpoint';
import { LedgerSource, logSource, withPostings } from '../../application/reports/ledger-source';
import { openPostings } from './postings';
import { buildReconciliation } from '../../application/reports/reconciliation';
import { parseReportFormat, renderReport } from '../../application/reports/render';
import { ReportFormat } from '../../application/reports/report-types';
import { buildStatement } from '../../application/reports/statement';
import { periodFrom } from './bounds';
import { DataFlags, OpenedData, openData } from './data-store';
import { DomainErrorMessage, emit, FormatFlags, requestedFormat } from './output';
import { statementText } from './statement-text';
import { createProgress } from './progress';

export interface ReportFlags extends DataFlags, FormatFlags {
  readonly from?: string;
  readonly to?: string;
  readonly output?: string;
  readonly title?: string;
  readonly progress?: boolean;
}

const formatOf = (requested: string | undefined, fallback: ReportFormat): ReportFormat => {
  if (requested === undefined) return fallback;
  const format = parseReportFormat(requested);
  if (isLeft(format)) throw new DomainErrorMessage(format.left);
  return format.right;
};

/** Reads the log (never a snapshot) with a progress bar per pass on a terminal. */
const withSource = async <T>(
  flags: ReportFlags,
  work: (source: LedgerSource, data: OpenedData) => Promise<T>,
) => {
  const data = openData(flags);
  const { store } = data;
  const postings = openPostings(data);
  const names = createProgress('names', flags.progress !== false);
  const ledger = createProgress('ledger', flags.progress !== false);
  try {
    const source = logSource(store, (pass, position, head) => {
      if (pass === 'names') names.update(position, head);
      else {
        names.stop();
        ledger.update(position, head);
      }
    });
    return await work(withPostings(source, store, postings), data);
  } finally {
    postings.close();
    names.stop();
    ledger.stop();
    await store.close();
  }
};

const checkpointLine = (checkpoint: ReportCheckpoint | null): string =>
  checkpoint === null
    ? 'no signed checkpoint covers this report yet (folio checkpoint --new signs one)\n'
    : `computed at the signed checkpoint of ${checkpoint.size} events, Merkle root ${checkpoint.root} (${checkpoint.time})${checkpoint.coversReport ? '' : ' — which does NOT cover every event the report read'}\n`;

/** `folio history ACCOUNT`: the account's statement; exit 1 if it does not tie out. */
export const history = async (account: string, flags: ReportFlags): Promise<void> => {
  const period = periodFrom(flags);
  const requested = requestedFormat(flags);
  const format = requested?.trim().toLowerCase() === 'text' ? 'text' : formatOf(requested, 'csv');
  const report = await withSource(flags, async (source, { dataDir }) => {
    const statement = await buildStatement(source, {
      account,
      period,
      now: new Date(),
      ...(flags.title === undefined ? {} : { title: flags.title }),
    });
    return isLeft(statement)
      ? statement
      : right({
          ...statement.right,
          checkpoint: latestReportCheckpoint(dataDir, statement.right.period.lastPosition),
        });
  });
  if (isLeft(report)) throw new DomainErrorMessage(report.left);
  emit(format === 'text' ? statementText(report.right) : renderReport(report.right, format), flags.output);
  process.stderr.write(checkpointLine(report.right.checkpoint ?? null));
  if (!report.right.tiesOut) {
    process.stderr.write('folio: the statement does NOT tie out: run folio verify\n');
    process.exitCode = 1;
  }
};

/** `folio reconcile --from --to`: the period's reconciliation; exit 1 if any tie-out check fails. */
export const reconcile = async (flags: ReportFlags): Promise<void> => {
  const period = periodFrom(flags);
  const format = formatOf(flags.format, 'csv');
  const report = await withSource(flags, async (source, { store, dataDir }) => {
    const reconciliation = await buildReconciliation(source, {
      period,
      now: new Date(),
      ...(flags.title === undefined ? {} : { title: flags.title }),
    });
    return {
      ...reconciliation,
      checkpoint: await signReportCheckpoint(store, dataDir, reconciliation.period.lastPosition),
    };
  });
  emit(renderReport(report, format), flags.output);
  process.stderr.write(checkpointLine(report.checkpoint));
  for (const check of report.checks)
    process.stderr.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name}: ${check.detail}\n`);
  if (!report.ok) process.exitCode = 1;
};
