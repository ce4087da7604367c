import { EventEnvelope } from '../domain/envelope';
import { NO_COUNTS, PrintCounts } from '../domain/jobs/counts';
import { byKey, ReadModel } from './read-model';

type Counts = Map<string, PrintCounts>;

const grow = (counts: Counts, id: string, pages: number): void => {
  const current = counts.get(id) ?? NO_COUNTS;
  counts.set(id, { jobCount: current.jobCount + 1, pageCount: current.pageCount + pages });
};

const entries = (counts: Counts) =>
  [...counts.entries()].map(([id, value]) => ({ id, ...value })).sort(byKey((entry) => entry.id));

/**
 * Job and page counts of every user and printer: each charged job adds one job and its pages × copies
 * to both its user and its printer; a reset sets one of them back to zero. Refused jobs count nothing.
 * This is the counts' only home: the aggregates do not keep them.
 */
export const createPrintStatsReadModel = () => {
  const users: Counts = new Map();
  const printers: Counts = new Map();
  return {
    name: 'print-stats',
    apply: ({ event }: EventEnvelope): void => {
      switch (event.type) {
        case 'PrintJobCharged':
        case 'SharedAccountPrintJobCharged':
          grow(users, event.data.userId, event.data.job.pageCount);
          grow(printers, event.data.job.printerId, event.data.job.pageCount);
          return;
        case 'UserCountsReset':
          users.delete(event.data.userId);
          return;
        case 'PrinterCountsReset':
          printers.delete(event.data.printerId);
          return;
        default:
          return;
      }
    },
    ofUser: (userId: string): PrintCounts => users.get(userId) ?? NO_COUNTS,
    ofPrinter: (printerId: string): PrintCounts => printers.get(printerId) ?? NO_COUNTS,
    snapshot: () => ({ users: entries(users), printers: entries(printers) }),
    restore: (snapshot: unknown): void => {
      const restored = snapshot as Partial<
        Record<'users' | 'printers', readonly ({ id: string } & PrintCounts)[]>
      >;
      users.clear();
      printers.clear();
      for (const { id, jobCount, pageCount } of restored.users ?? []) users.set(id, { jobCount, pageCount });
      for (const { id, jobCount, pageCount } of restored.printers ?? [])
        printers.set(id, { jobCount, pageCount });
    },
  } satisfies ReadModel & Record<string, unknown>;
};

export type PrintStatsReadModel = ReturnType<typeof createPrintStatsReadModel>;
