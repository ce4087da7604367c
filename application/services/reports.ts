import { isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { END, START } from '../../projections/ledger/bounds';
import { writeFileAtomically } from '../files';
import { Result } from '../kernel';
import { ReportCheckpoint } from '../audit/report-checkpoint';
import { parseAdHocRequest } from '../reports/ad-hoc';
import { LedgerReadModels, readModelSource } from '../reports/ledger-source';

/** Reports read the ledger's read models; the clock dates them and names their files. */
export interface ReportPorts {
  readonly models: LedgerReadModels;
  readonly clock: () => Date;
  /** Signs a checkpoint of the log for a reconciliation report (a server with a data folder). */
  readonly signCheckpoint?: (readUpTo: number) => Promise<ReportCheckpoint>;
}
import { buildReconciliation } from '../reports/reconciliation';
import { parseReportFormat, renderReport } from '../reports/render';
import { Report } from '../reports/report-types';
import { resolveSaveLocation } from '../reports/save-location';
import { buildStatement } from '../reports/statement';

const stamp = (now: Date): string =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const fileSafe = (text: string): string => text.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'report';

/**
 * The API's report methods, served from the same report code as `folio history` and `folio reconcile`,
 * over the running server's transaction read model. Files go only where resolveSaveLocation allows.
 */
export const createReportServices = (
  { models, clock, signCheckpoint }: ReportPorts,
  reportDirectories: readonly string[],
) => {
  const source = readModelSource(models);

  const save = (location: string, defaultName: string, content: string): Result<true> => {
    const path = resolveSaveLocation(reportDirectories, location, defaultName);
    if (isLeft(path)) return Promise.resolve(path);
    writeFileAtomically(path.right, content, 0o640);
    return Promise.resolve(right(true));
  };

  return {
    /** The user's whole transaction history as a CSV statement. */
    exportUserDataHistory: async (username: string, saveLocation: string): Result<true> => {
      const now = clock();
      const user = models.users.findByUsername(username);
      if (user === undefined) return left({ code: 'UserNotFound', username });
      const statement = await buildStatement(source, {
        account: `user:${user.userId}`,
        period: { from: START, to: END },
        title: `Transaction history of ${user.username}`,
        now,
      });
      if (isLeft(statement)) return statement;
      return save(
        saveLocation,
        `user-history-${fileSafe(user.username)}-${stamp(now)}.csv`,
        renderReport(statement.right, 'csv'),
      );
    },
    generateAdHocReport: async (
      reportType: string,
      dataParams: string,
      exportTypeExt: string,
      reportTitle: string,
      saveLocation: string,
    ): Result<boolean> => {
      const now = clock();
      const format = parseReportFormat(exportTypeExt);
      if (isLeft(format)) return format;
      const request = parseAdHocRequest(reportType, dataParams);
      if (isLeft(request)) return request;
      const title = reportTitle.trim() === '' ? undefined : reportTitle.trim();
      let report: Report;
      if (request.right.type === 'reconciliation') {
        const reconciliation = await buildReconciliation(source, {
          period: request.right.period,
          now,
          ...(title === undefined ? {} : { title }),
        });
        report =
          signCheckpoint === undefined
            ? reconciliation
            : {
                ...reconciliation,
                checkpoint: await signCheckpoint(reconciliation.period.lastPosition),
              };
      } else {
        const statement = await buildStatement(source, {
          account: request.right.account,
          period: request.right.period,
          now,
          ...(title === undefined ? {} : { title }),
        });
        if (isLeft(statement)) return statement;
        report = statement.right;
      }
      const saved = await save(
        saveLocation,
        `${fileSafe(title ?? request.right.type)}-${stamp(now)}.${format.right}`,
        renderReport(report, format.right),
      );
      return isLeft(saved) ? saved : right<DomainError, boolean>(true);
    },
  };
};

export type ReportServices = ReturnType<typeof createReportServices>;
