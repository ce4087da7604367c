/**
 * Every business error is a value with a closed code. The adapters map each code to one
 * XML-RPC fault (adapters/xmlrpc/faults.ts) and one CLI message; they never invent errors.
 */
export type DomainError =
  | { readonly code: 'UserNotFound'; readonly username: string }
  | { readonly code: 'UserAlreadyExists'; readonly username: string }
  | { readonly code: 'InvalidName'; readonly kind: NamedKind; readonly name: string; readonly reason: string }
  | { readonly code: 'PersonalAccountNotFound'; readonly username: string; readonly account: string }
  | {
      readonly code: 'InsufficientCredit';
      readonly account: string;
      readonly available: string;
      readonly requested: string;
    }
  | { readonly code: 'SharedAccountNotFound'; readonly account: string }
  | { readonly code: 'SharedAccountAlreadyExists'; readonly account: string }
  | { readonly code: 'ParentAccountNotFound'; readonly account: string; readonly parent: string }
  | { readonly code: 'SharedAccountHasSubAccounts'; readonly account: string }
  | { readonly code: 'GroupNotFound'; readonly group: string }
  | { readonly code: 'GroupAlreadyExists'; readonly group: string }
  | { readonly code: 'ReservedGroup'; readonly group: string }
  | { readonly code: 'UnknownProperty'; readonly entity: NamedKind; readonly property: string }
  | { readonly code: 'ReadOnlyProperty'; readonly entity: NamedKind; readonly property: string }
  | { readonly code: 'WriteOnlyProperty'; readonly entity: NamedKind; readonly property: string }
  | {
      readonly code: 'InvalidValue';
      readonly field: string;
      readonly value: string;
      readonly expected: string;
    }
  | { readonly code: 'AmountOutOfRange'; readonly field: string; readonly value: string }
  | { readonly code: 'NotAnInternalUser'; readonly username: string }
  | {
      readonly code: 'CardNumberInUse';
      readonly cardNumber: string;
      readonly holder: string;
      /** The user the number was being set for, when known (it is named in the fault, as PaperCut does). */
      readonly forUser?: string;
    }
  | { readonly code: 'NotSupported'; readonly feature: string; readonly reason: string }
  | { readonly code: 'Conflict'; readonly what: string }
  | { readonly code: 'PrinterNotFound'; readonly printer: string }
  | { readonly code: 'PrinterAlreadyExists'; readonly printer: string }
  | { readonly code: 'CostModelNotSimple'; readonly printer: string; readonly model: string }
  | { readonly code: 'InvalidJobDetails'; readonly problem: string }
  | { readonly code: 'JobNotPriceable'; readonly printer: string; readonly model: string }
  | {
      readonly code: 'PrintJobRefused';
      readonly username: string;
      readonly printer: string;
      readonly reason: string;
      readonly detail: string;
    }
  | { readonly code: 'FileNotReadable'; readonly path: string; readonly reason: string }
  | { readonly code: 'CardAlreadyUsed'; readonly cardNumber: string }
  | { readonly code: 'CardExpired'; readonly cardNumber: string; readonly expiredAt: string }
  | { readonly code: 'CardNumberAlreadyIssued'; readonly cardNumber: string }
  | { readonly code: 'DirectoryUnavailable'; readonly reason: string }
  | { readonly code: 'DirectoryUserNotFound'; readonly username: string }
  | { readonly code: 'DirectoryGroupNotFound'; readonly group: string }
  | { readonly code: 'TransferNotFound'; readonly transferId: string }
  | { readonly code: 'TransferAlreadyCorrected'; readonly transferId: string; readonly correctionId: string }
  | { readonly code: 'TransferNotCorrectable'; readonly transferId: string; readonly reason: string }
  | { readonly code: 'ImportFileRefused'; readonly path: string; readonly reason: string }
  | { readonly code: 'DataFolderUnavailable'; readonly feature: string }
  /** The store's files were removed, replaced or damaged under the running server. */
  | { readonly code: 'StoreWritesRefused'; readonly reason: string }
  /** A commit failed because the disk cannot take writes now (full, read-only, I/O errors). */
  | { readonly code: 'StoreNotDurable'; readonly reason: string }
  | { readonly code: 'UnknownCommand'; readonly command: string; readonly known: string }
  | { readonly code: 'ScheduledReportNotFound'; readonly report: string }
  /**
   * A group balance operation was recorded and applied to every member but some that could no longer
   * take their entry when their turn came (deleted meanwhile, a balance pushed out of range, a personal
   * account no longer configured); `skipped` names them with the reasons, as its completion records.
   */
  | {
      readonly code: 'GroupOperationPartlyApplied';
      readonly group: string;
      readonly operationId: string;
      readonly applied: number;
      readonly skipped: string;
    };

export type DomainErrorCode = DomainError['code'];

export type NamedKind = 'user' | 'shared-account' | 'group' | 'printer' | 'config' | 'card';

export const domainError = <E extends DomainError>(error: E): E => error;
