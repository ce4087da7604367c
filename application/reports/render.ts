import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { reconciliationCsv, statementCsv } from './render-csv';
import { reportHtml } from './render-html';
import { reportJson } from './render-json';
import { Report, ReportFormat } from './report-types';

export const REPORT_FORMATS: readonly ReportFormat[] = ['csv', 'json', 'html'];

/** `csv`, `.CSV`, `htm`… as clients and shells spell a format; anything else names what is supported. */
export const parseReportFormat = (text: string): Either<DomainError, ReportFormat> => {
  const format = text.trim().toLowerCase().replace(/^\./, '');
  if (format === 'csv' || format === 'json' || format === 'html') return right(format);
  if (format === 'htm') return right('html');
  return left({
    code: 'NotSupported',
    feature: `The report format '${text}'`,
    reason: `Folio writes ${REPORT_FORMATS.join(', ')}.`,
  });
};

export const renderReport = (report: Report, format: ReportFormat): string => {
  switch (format) {
    case 'csv':
      return report.kind === 'statement' ? statementCsv(report) : reconciliationCsv(report);
    case 'json':
      return reportJson(report);
    case 'html':
      return reportHtml(report);
  }
};
