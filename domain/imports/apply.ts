import { counterAccountFor } from '../ledger/accounts';
import { TransferRequest } from '../ledger/transfer-request';
import { Money } from '../money';
import { SharedAccountCommand } from '../shared-accounts/decide';
import { replaceAccess } from '../shared-accounts/properties';
import { SharedAccount } from '../shared-accounts/state';
import { UserCommand, UserPolicy } from '../users/commands';
import { SharedAccountImportEntry, UserImportEntry } from './events';

/** What every entry of one import shares: which import it is, and the ids derived for it. */
export interface ImportLineContext {
  readonly operationId: string;
  readonly file: string;
  /** The transfer id of the entry's balance change, derived from the operation and the record. */
  readonly transferId: string;
}

/** A balance an import sets is a transfer of the difference, cause `import`, against system:imports. */
export const importTransfer = (context: ImportLineContext, line: number): TransferRequest => ({
  transferId: context.transferId,
  cause: 'import',
  counterAccount: counterAccountFor('import'),
  comment: `batch import ${context.file} line ${line}`,
  operationId: context.operationId,
});

/**
 * The commands that apply one user line, after the user exists: the import marker first (so that
 * every applied line leaves one, even when nothing else changes), then each field the line sets.
 */
export const userImportCommands = (
  entry: UserImportEntry,
  context: ImportLineContext,
  policy: UserPolicy,
): readonly UserCommand[] => {
  const commands: UserCommand[] = [
    { kind: 'RecordImport', operationId: context.operationId, file: context.file, line: entry.line },
  ];
  if (entry.details !== undefined) commands.push({ kind: 'ChangeUserDetails', changes: entry.details });
  if (entry.restricted !== undefined) commands.push({ kind: 'SetRestricted', restricted: entry.restricted });
  if (entry.primaryCardNumber !== undefined)
    commands.push({ kind: 'SetCardNumber', slot: 'primary', cardNumber: entry.primaryCardNumber });
  if (entry.secondaryCardNumber !== undefined)
    commands.push({ kind: 'SetCardNumber', slot: 'secondary', cardNumber: entry.secondaryCardNumber });
  if (entry.pinHash !== undefined) commands.push({ kind: 'SetPin', pinHash: entry.pinHash });
  if (entry.passwordHash !== undefined)
    commands.push({ kind: 'SetPassword', passwordHash: entry.passwordHash });
  if (entry.balance !== undefined)
    commands.push(balanceCommand(entry.balance, importTransfer(context, entry.line), policy));
  return commands;
};

const balanceCommand = (balance: Money, transfer: TransferRequest, policy: UserPolicy): UserCommand => ({
  kind: 'SetBalance',
  account: '',
  balance,
  transfer,
  policy,
});

/**
 * The commands that apply one shared-account line to the account as it is now: the marker, then
 * each setting the line gives. Access lists replace the current ones.
 */
export const sharedAccountImportCommands = (
  entry: SharedAccountImportEntry,
  account: SharedAccount,
  context: ImportLineContext,
): readonly SharedAccountCommand[] => {
  const commands: SharedAccountCommand[] = [
    {
      kind: 'RecordSharedAccountImport',
      operationId: context.operationId,
      file: context.file,
      line: entry.line,
    },
  ];
  if (entry.enabled === true) commands.push({ kind: 'EnableSharedAccount' });
  // Disabling is recorded each time it is asked for; an account already off until re-enabled stays as it is.
  if (entry.enabled === false && account.disabledUntil !== 'forever')
    commands.push({ kind: 'DisableSharedAccount', until: '' });
  const details = {
    ...(entry.pin === undefined ? {} : { pin: entry.pin }),
    ...(entry.notes === undefined ? {} : { notes: entry.notes }),
    ...(entry.invoiceOption === undefined ? {} : { invoiceOption: entry.invoiceOption }),
    ...(entry.commentOption === undefined ? {} : { commentOption: entry.commentOption }),
  };
  if (Object.keys(details).length > 0)
    commands.push({ kind: 'ChangeSharedAccountDetails', changes: details });
  if (entry.restricted !== undefined)
    commands.push({ kind: 'SetSharedAccountRestricted', restricted: entry.restricted });
  if (entry.accessUserIds !== undefined)
    commands.push(...replaceAccess('user', account.accessUserIds, entry.accessUserIds));
  if (entry.accessGroupIds !== undefined)
    commands.push(...replaceAccess('group', account.accessGroupIds, entry.accessGroupIds));
  if (entry.balance !== undefined)
    commands.push({
      kind: 'SetSharedAccountBalance',
      balance: entry.balance,
      transfer: importTransfer(context, entry.line),
    });
  return commands;
};
