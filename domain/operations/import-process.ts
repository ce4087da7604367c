import { ImportLineContext, userImportCommands } from '../imports/apply';
import { ImportOperationStarted, SharedAccountImportEntry, UserImportEntry } from '../imports/events';
import { EventOf } from '../event-definition';
import { sharedAccountStream, userStream } from '../streams';
import { UserPolicy } from '../users/commands';
import { MemberStep, ProcessPlan } from './process';

export type ImportStart = EventOf<typeof ImportOperationStarted>;

export interface ImportInput {
  readonly start: ImportStart['data'];
  readonly policy: UserPolicy;
  /** The transfer id of a record's balance change, derived from the operation and the record. */
  readonly transferIdOf: (recordId: string) => string;
}

const lineContext = (input: ImportInput, recordId: string): ImportLineContext => ({
  operationId: input.start.operationId,
  file: input.start.file,
  transferId: input.transferIdOf(recordId),
});

const userStep = (input: ImportInput, entry: UserImportEntry): MemberStep => {
  // A new user: what creation itself records goes into the creation, the rest follows in the same append.
  const {
    details: _d,
    primaryCardNumber: _p,
    secondaryCardNumber: _s,
    pinHash: _h,
    passwordHash: _w,
    ...rest
  } = entry;
  return {
    memberId: entry.userId,
    stream: userStream(entry.userId),
    eventKey: entry.userId,
    where: `Line ${entry.line} (${entry.username})`,
    claims: entry.create || entry.primaryCardNumber !== undefined || entry.secondaryCardNumber !== undefined,
    skipPrefix: '',
    action: {
      kind: 'import-user',
      entry,
      commands: userImportCommands(
        entry.create ? rest : entry,
        lineContext(input, entry.userId),
        input.policy,
      ),
    },
  };
};

const sharedAccountStep = (input: ImportInput, entry: SharedAccountImportEntry): MemberStep => ({
  memberId: entry.accountId,
  stream: sharedAccountStream(entry.accountId),
  eventKey: entry.accountId,
  where: `Line ${entry.line} (${entry.fullName})`,
  // Created before a stop (and perhaps renamed since): its old name is not claimed again.
  claims: entry.create,
  skipPrefix: '',
  action: { kind: 'import-shared-account', entry, line: lineContext(input, entry.accountId) },
});

/**
 * Every record's line is one step holding the import's marker (`UserImported`,
 * `SharedAccountImported`), even when it changes nothing. Users first; then top-level accounts before
 * their sub-accounts; then deletions one at a time, in the order the file's validation put them
 * (sub-accounts before their parents).
 */
export const decideImport = (input: ImportInput): ProcessPlan => {
  const { users, sharedAccounts, deletions } = input.start;
  return [
    users.map((entry) => userStep(input, entry)),
    sharedAccounts.filter((entry) => entry.parentId === '').map((entry) => sharedAccountStep(input, entry)),
    sharedAccounts.filter((entry) => entry.parentId !== '').map((entry) => sharedAccountStep(input, entry)),
    ...deletions.map((deletion): readonly MemberStep[] => [
      {
        memberId: deletion.accountId,
        stream: sharedAccountStream(deletion.accountId),
        eventKey: deletion.accountId,
        where: `Deleting ${deletion.fullName}`,
        claims: false,
        skipPrefix: '',
        action: { kind: 'delete-shared-account', accountId: deletion.accountId },
      },
    ]),
  ];
};
