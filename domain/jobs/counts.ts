/**
 * Job and page counts of a user or a printer. They are not aggregate state: the print-stats read model
 * folds them from the job events and the reset events, and property reads are given them.
 */
export interface PrintCounts {
  readonly jobCount: number;
  readonly pageCount: number;
}

export const NO_COUNTS: PrintCounts = { jobCount: 0, pageCount: 0 };
