import { RecordedEvent } from '../../adapters/store/port';
import { isGroupWrite, RESTRICTED_USERS, Write } from './workload';

interface BalanceData {
  readonly userId: string;
  readonly comment: string;
  readonly balanceAfter: string;
  readonly account: string;
  readonly operationId?: string;
}
interface StartData {
  readonly operationId: string;
  readonly mode: 'adjust' | 'set' | 'up-to';
  readonly comment: string;
  readonly userIds: readonly string[];
}
interface CompletedData {
  readonly operationId: string;
  readonly applied: number;
  readonly skipped: readonly { id: string }[];
}

/**
 * Checks the writes the clients made against the log: an acknowledged change is there exactly once, a
 * refused or faulted one left nothing, one whose reply was lost is there once or not at all, and every
 * group operation reached every member exactly once (or none, if it never started).
 */
export const writeProblems = (events: readonly RecordedEvent[], writes: readonly Write[]): string[] => {
  const problems: string[] = [];
  const entriesByTag = new Map<string, BalanceData[]>();
  const startsByTag = new Map<string, StartData[]>();
  const completed = new Map<string, CompletedData>();
  const entriesByOperation = new Map<string, BalanceData[]>();
  const userNames = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'UserCreated') {
      const data = event.data as { userId: string; username: string };
      userNames.set(data.userId, data.username);
    } else if (event.type === 'UserBalanceAdjusted') {
      const data = event.data as BalanceData;
      entriesByTag.set(data.comment, [...(entriesByTag.get(data.comment) ?? []), data]);
      if (data.operationId !== undefined)
        entriesByOperation.set(data.operationId, [...(entriesByOperation.get(data.operationId) ?? []), data]);
    } else if (event.type === 'GroupBalanceOperationStarted') {
      const data = event.data as StartData;
      startsByTag.set(data.comment, [...(startsByTag.get(data.comment) ?? []), data]);
    } else if (event.type === 'BulkOperationCompleted') {
      const data = event.data as CompletedData;
      if (completed.has(data.operationId)) problems.push(`operation ${data.operationId} completed twice`);
      completed.set(data.operationId, data);
    }
  }

  // Every operation in the log, acknowledged or not: complete, each member exactly once.
  for (const starts of startsByTag.values())
    for (const start of starts) {
      const done = completed.get(start.operationId);
      if (done === undefined) {
        problems.push(
          `operation '${start.comment}' started but never completed (recovery did not finish it)`,
        );
        continue;
      }
      const skipped = new Set(done.skipped.map((entry) => entry.id));
      const perMember = new Map<string, number>();
      for (const entry of entriesByOperation.get(start.operationId) ?? [])
        perMember.set(entry.userId, (perMember.get(entry.userId) ?? 0) + 1);
      for (const userId of start.userIds) {
        const count = perMember.get(userId) ?? 0;
        // A top-up "up to" a limit leaves a member already at the limit untouched: applied, no entry.
        const expected = skipped.has(userId) ? [0] : start.mode === 'up-to' ? [0, 1] : [1];
        if (!expected.includes(count))
          problems.push(
            `operation '${start.comment}': member ${userNames.get(userId) ?? userId} has ${count} entries, not ${expected.join(' or ')}`,
          );
      }
      if (done.applied !== start.userIds.length - skipped.size)
        problems.push(`operation '${start.comment}': completion counts ${done.applied} applied`);
    }

  for (const write of writes) {
    const entries = entriesByTag.get(write.tag) ?? [];
    const starts = startsByTag.get(write.tag) ?? [];
    const where = `${write.kind} '${write.tag}' (${write.outcome})`;
    if (isGroupWrite(write.kind)) {
      if (starts.length > 1) problems.push(`${where}: started ${starts.length} times`);
      if (write.outcome === 'applied' && starts.length !== 1)
        problems.push(`${where}: acknowledged but not in the log`);
      if (
        (write.outcome === 'fault' || write.outcome === 'refused') &&
        (starts.length > 0 || entries.length > 0)
      )
        problems.push(`${where}: refused, yet it left events`);
      const operationIds = new Set(starts.map((start) => start.operationId));
      if (entries.some((entry) => entry.operationId === undefined || !operationIds.has(entry.operationId)))
        problems.push(`${where}: an entry outside its operation`);
      continue;
    }
    if (starts.length > 0) problems.push(`${where}: a single write found as an operation`);
    const expected = write.outcome === 'applied' ? [1] : write.outcome === 'unknown' ? [0, 1] : [0];
    if (!expected.includes(entries.length))
      problems.push(`${where}: ${entries.length} entries in the log, expected ${expected.join(' or ')}`);
    if (write.outcome === 'fault' && (write.faultCode ?? 0) >= 900)
      problems.push(`${where}: server error fault ${write.faultCode ?? ''}`);
  }

  // Conditional debits (and everything else) never took a restricted account below zero.
  const restricted = new Set(RESTRICTED_USERS);
  for (const entries of entriesByTag.values())
    for (const entry of entries)
      if (restricted.has(userNames.get(entry.userId) ?? '') && entry.balanceAfter.startsWith('-'))
        problems.push(`${userNames.get(entry.userId) ?? ''} went to ${entry.balanceAfter}`);
  return problems;
};
