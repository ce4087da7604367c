import { ReportCheckpoint } from '../audit/report-checkpoint';
import { TransferCause } from '../../domain/ledger/accounts';
import { Money } from '../../domain/money';
import { AccountFigures, Movement, TieOutCheck } from '../../projections/ledger/reconciliation';
import { StatementLine } from '../../projections/ledger/statements';
import { AccountDescription } from './directory';

/** The cut a report period runs between, as the reader should see it. */
export interface PeriodDescription {
  readonly from: string;
  readonly to: string;
  /** First and last log positions of a transfer inside the period; 0 when it holds none. */
  readonly firstPosition: number;
  readonly lastPosition: number;
  readonly transfers: number;
}

export interface StatementReportLine extends StatementLine {
  /** The personal account this line moved ('' = the default one) for users; '' otherwise. */
  readonly personalAccount: string;
  readonly counterAccountName: string;
}

export interface StatementReport {
  readonly kind: 'statement';
  readonly title: string;
  readonly generatedAt: string;
  readonly account: AccountDescription;
  readonly period: PeriodDescription;
  readonly opening: Money;
  readonly credits: Money;
  readonly debits: Money;
  readonly closing: Money;
  readonly lines: readonly StatementReportLine[];
  /** Opening + every line = closing, each balance-after following from the one before. */
  readonly tiesOut: boolean;
  /** The signed checkpoint of the log the statement was computed from (the latest kept), if any. */
  readonly checkpoint?: ReportCheckpoint | null;
}

export interface ReconciledAccount extends AccountFigures {
  readonly name: string;
  readonly deleted: boolean;
  readonly tiesOut: boolean;
}

export interface ReconciliationReport {
  readonly kind: 'reconciliation';
  readonly title: string;
  readonly generatedAt: string;
  readonly period: PeriodDescription;
  readonly accounts: readonly ReconciledAccount[];
  /** Causes that moved money in the period, in the catalogue's order. */
  readonly causes: readonly TransferCause[];
  /** Movements of the customer accounts (users and shared accounts) by cause. */
  readonly customerMovements: ReadonlyMap<TransferCause, Movement>;
  /** Print revenue per printer: what the print-revenue system accounts received in the period. */
  readonly printRevenue: readonly {
    readonly account: string;
    readonly printer: string;
    readonly revenue: Money;
  }[];
  /** Customer-side movements per UTC day and cause, for charts. */
  readonly days: readonly { readonly day: string; readonly byCause: ReadonlyMap<TransferCause, Movement> }[];
  readonly checks: readonly TieOutCheck[];
  readonly ok: boolean;
  /** The signed checkpoint made when the report was computed: it covers every event the report read. */
  readonly checkpoint?: ReportCheckpoint | null;
}

export type Report = StatementReport | ReconciliationReport;

export type ReportFormat = 'csv' | 'json' | 'html';
