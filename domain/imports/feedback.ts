import { ImportKind } from './events';
import { ImportPlan } from './plan';
import { plural } from '../plural';

const WHAT: Readonly<Record<ImportKind, string>> = {
  'shared-accounts': 'shared accounts',
  users: 'users',
  'internal-users': 'internal users',
  'card-numbers': 'card/ID numbers',
};

/**
 * The summary of a validated file and every line that will not be applied, by line number. `file` is
 * the name the caller gave, never a resolved server path: the summary goes back to API callers.
 */
export const describePlan = (kind: ImportKind, file: string, plan: ImportPlan): readonly string[] => {
  const valid = plan.lines - plan.problems.length - plan.ignored.length;
  const lines = [
    `Batch import of ${WHAT[kind]} from '${file}': ${plural(plan.lines, 'line')} read, ${valid} valid, ${plan.problems.length} with problems${plan.ignored.length > 0 ? `, ${plan.ignored.length} ignored` : ''}.`,
  ];
  if (kind === 'shared-accounts') {
    const created = plan.sharedAccounts.filter((entry) => entry.create).length;
    lines.push(
      `Accounts to create: ${created}; to update: ${plan.sharedAccounts.length - created}; to delete: ${plan.deletions.length}.`,
    );
  } else {
    const created = plan.users.filter((entry) => entry.create).length;
    lines.push(`Users to create: ${created}; to update: ${plan.users.length - created}.`);
  }
  for (const note of plan.problems) lines.push(`Line ${note.line}: not applied: ${note.message}.`);
  for (const note of plan.ignored) lines.push(`Line ${note.line}: ignored: ${note.message}.`);
  for (const note of plan.skipped ?? []) lines.push(`Line ${note.line}: skipped: ${note.message}.`);
  return lines;
};
