import { DomainError, DomainErrorCode } from '../../domain/errors';

export interface Fault {
  readonly faultCode: number;
  readonly faultString: string;
}

type Entry<C extends DomainErrorCode> = {
  readonly faultCode: number;
  readonly message: (error: Extract<DomainError, { code: C }>) => string;
};

const q = (text: string): string => `'${text}'`;

/**
 * The one table from domain errors to faults. Codes are stable: scripts match on them. Groups of a
 * hundred by area: 3xx users, 4xx money, 5xx shared accounts, 6xx groups, 7xx properties and values.
 */
export const DOMAIN_FAULTS: { readonly [C in DomainErrorCode]: Entry<C> } = {
  UserNotFound: { faultCode: 300, message: (e) => `The user ${q(e.username)} does not exist.` },
  UserAlreadyExists: { faultCode: 301, message: (e) => `A user named ${q(e.username)} already exists.` },
  InvalidName: {
    faultCode: 302,
    message: (e) => `The ${e.kind.replace('-', ' ')} name ${q(e.name)} is not valid: ${e.reason}.`,
  },
  PersonalAccountNotFound: {
    faultCode: 303,
    message: (e) =>
      `The user ${q(e.username)} has no personal account named ${q(e.account)} (configure named accounts in user.personal-accounts).`,
  },
  NotAnInternalUser: {
    faultCode: 304,
    message: (e) =>
      `The user ${q(e.username)} is not an internal user; its password is kept by the user directory.`,
  },
  CardNumberInUse: {
    faultCode: 305,
    // Integrations match PaperCut's wording for this fault (`… number for user … Card number: …`).
    message: (e) =>
      `The card/ID number ${q(e.cardNumber)} already belongs to ${e.holder}: ${e.forUser === undefined ? 'it cannot be set' : `cannot set the card/ID number for user ${q(e.forUser)}`}. Card number: ${e.cardNumber}`,
  },
  InsufficientCredit: {
    faultCode: 400,
    message: (e) =>
      `Not enough credit in ${q(e.account)}: ${e.requested} requested, ${e.available} available.`,
  },
  AmountOutOfRange: {
    faultCode: 401,
    message: (e) => `The amount ${q(e.value)} for ${e.field} is out of range.`,
  },
  TransferNotFound: {
    faultCode: 402,
    message: (e) => `No transfer with id ${q(e.transferId)} is recorded.`,
  },
  TransferAlreadyCorrected: {
    faultCode: 403,
    message: (e) =>
      `The transfer ${q(e.transferId)} was already corrected by transfer ${q(e.correctionId)}; a transfer is corrected once.`,
  },
  TransferNotCorrectable: {
    faultCode: 404,
    message: (e) => `The transfer ${q(e.transferId)} cannot be corrected: ${e.reason}.`,
  },
  SharedAccountNotFound: {
    faultCode: 500,
    message: (e) => `The shared account ${q(e.account)} does not exist.`,
  },
  SharedAccountAlreadyExists: {
    faultCode: 501,
    message: (e) => `A shared account named ${q(e.account)} already exists.`,
  },
  ParentAccountNotFound: {
    faultCode: 502,
    message: (e) =>
      `Cannot place ${q(e.account)}: the parent account ${q(e.parent)} does not exist (or is itself a sub-account).`,
  },
  SharedAccountHasSubAccounts: {
    faultCode: 503,
    message: (e) => `The shared account ${q(e.account)} has sub-accounts; delete or move them first.`,
  },
  GroupNotFound: { faultCode: 600, message: (e) => `The group ${q(e.group)} does not exist.` },
  GroupAlreadyExists: { faultCode: 601, message: (e) => `A group named ${q(e.group)} already exists.` },
  ReservedGroup: {
    faultCode: 602,
    message: (e) =>
      `The group ${q(e.group)} is built in; it cannot be created, removed, joined or given a quota.`,
  },
  UnknownProperty: {
    faultCode: 700,
    message: (e) => `Unknown ${e.entity.replace('-', ' ')} property ${q(e.property)}.`,
  },
  ReadOnlyProperty: {
    faultCode: 701,
    message: (e) => `The ${e.entity.replace('-', ' ')} property ${q(e.property)} is read-only.`,
  },
  WriteOnlyProperty: {
    faultCode: 702,
    message: (e) => `The ${e.entity.replace('-', ' ')} property ${q(e.property)} can be set but not read.`,
  },
  InvalidValue: {
    faultCode: 703,
    message: (e) => `Invalid value ${q(e.value)} for ${e.field}: expected ${e.expected}.`,
  },
  NotSupported: { faultCode: 704, message: (e) => `${e.feature} is not supported by Folio: ${e.reason}` },
  Conflict: {
    faultCode: 800,
    message: (e) => `The change could not be applied because ${e.what}; try again.`,
  },
  // 13xx printers, 14xx print jobs, 15xx files on the server.
  PrinterNotFound: { faultCode: 1300, message: (e) => `The printer ${q(e.printer)} does not exist.` },
  PrinterAlreadyExists: {
    faultCode: 1301,
    message: (e) => `A printer named ${q(e.printer)} already exists.`,
  },
  CostModelNotSimple: {
    faultCode: 1302,
    message: (e) => `The printer ${q(e.printer)} uses the ${e.model} cost model, not SIMPLE.`,
  },
  InvalidJobDetails: { faultCode: 1400, message: (e) => `Invalid job details: ${e.problem}.` },
  JobNotPriceable: {
    faultCode: 1401,
    message: (e) =>
      `The printer ${q(e.printer)} uses the ${e.model} cost model, which Folio records but cannot price: send the job's cost in the job details (cost=…) or put the printer on SIMPLE.`,
  },
  PrintJobRefused: {
    faultCode: 1402,
    message: (e) =>
      `The print job of ${q(e.username)} on ${q(e.printer)} was refused (${e.reason}): ${e.detail}. The refusal is recorded; nothing was charged.`,
  },
  FileNotReadable: {
    faultCode: 1500,
    message: (e) => `The file ${q(e.path)} cannot be read on the server: ${e.reason}.`,
  },
  // 11xx top-up cards, 12xx the user directory.
  CardAlreadyUsed: { faultCode: 1100, message: (e) => `The card ${q(e.cardNumber)} has already been used.` },
  CardExpired: {
    faultCode: 1101,
    message: (e) => `The card ${q(e.cardNumber)} expired at ${e.expiredAt}.`,
  },
  CardNumberAlreadyIssued: {
    faultCode: 1102,
    message: (e) => `The card number ${q(e.cardNumber)} has already been issued in another batch.`,
  },
  DirectoryUnavailable: {
    faultCode: 1200,
    message: (e) => `The user directory cannot be read: ${e.reason}`,
  },
  DirectoryUserNotFound: {
    faultCode: 1201,
    message: (e) => `The user ${q(e.username)} is not in the user directory.`,
  },
  DirectoryGroupNotFound: {
    faultCode: 1202,
    message: (e) => `The group ${q(e.group)} is not in the user directory.`,
  },
  // 16xx files on the server (imports, backups), 17xx server commands and scheduled reports.
  ImportFileRefused: {
    faultCode: 1600,
    message: (e) => `The import file ${q(e.path)} cannot be used: ${e.reason}.`,
  },
  DataFolderUnavailable: {
    faultCode: 1601,
    message: (e) =>
      `${e.feature} needs the server's data folder, and this server has none (run folio serve with --data).`,
  },
  StoreWritesRefused: {
    faultCode: 1610,
    message: (e) =>
      `The ledger's store file was removed, replaced or damaged under the server (${e.reason}); writes are refused until it is restarted on a sound store. This call's change was not recorded.`,
  },
  StoreNotDurable: {
    faultCode: 1611,
    message: (e) =>
      `This call's change could not be made durable (${e.reason}) and was not recorded; /health answers 503 until a write succeeds again. Try again once the disk has room and the data folder is writable.`,
  },
  UnknownCommand: {
    faultCode: 1700,
    message: (e) => `Folio has no server command ${q(e.command)}; the commands it runs are: ${e.known}.`,
  },
  ScheduledReportNotFound: {
    faultCode: 1701,
    message: (e) =>
      `There is no scheduled report titled ${q(e.report)}: Folio schedules no reports; generate one with api.generateAdHocReport.`,
  },
  // A money fault (4xx) kept here at the end of the table.
  GroupOperationPartlyApplied: {
    faultCode: 405,
    message: (e) =>
      `The balance operation on the group ${q(e.group)} was applied to ${e.applied} member(s) and recorded as operation ${q(e.operationId)}, but not to ${e.skipped}, which could no longer take it; the skipped members are recorded in the operation. Do not repeat the call: check the skipped members' balances (folio history) before adjusting any of them alone.`,
  },
};

export const domainFault = (error: DomainError): Fault => {
  const entry = DOMAIN_FAULTS[error.code] as Entry<typeof error.code>;
  return { faultCode: entry.faultCode, faultString: entry.message(error as never) };
};

/** Faults of the protocol and the server itself, not of the ledger. */
export const PROTOCOL_FAULTS = {
  accessDenied: {
    faultCode: 100,
    faultString: 'Access denied. Your IP address is not allowed to access the Web Services API.',
  },
  authenticationFailed: {
    faultCode: 101,
    faultString:
      'Authentication failed: the auth token (first parameter) is not valid for the Web Services API.',
  },
  internalError: {
    faultCode: 900,
    faultString:
      'Internal error: the request could not be completed. Its change may or may not have been recorded: read before retrying.',
  },
  // The server stops waiting, not working: a change already under way may still be recorded.
  timeout: {
    faultCode: 901,
    faultString:
      'The request took too long to answer. Its change may still be recorded: read before retrying.',
  },
} as const;

export const noSuchMethod = (method: string): Fault => ({
  faultCode: 200,
  faultString: `No such handler: ${method}`,
});

/**
 * The product's text for a call no overload takes (clients match on the prefix), followed by every
 * accepted signature and, when the count fitted but a value did not, why: `— parameter amount: 'abc'
 * is not a number`.
 */
export const wrongSignature = (
  method: string,
  sent: readonly string[],
  accepted: readonly string[],
  reason?: string,
): Fault => ({
  faultCode: 201,
  faultString: `java.lang.NoSuchMethodException: ${method}(${sent.join(', ')}) — ${method} accepts ${accepted.join(' or ')}${reason === undefined ? '' : ` — ${reason}`}`,
});

export const notSupportedMethod = (method: string): Fault => ({
  faultCode: 202,
  faultString: `${method} is not supported by Folio: it manages multi-function devices, which Folio does not control.`,
});

export const malformedRequest = (reason: string): Fault => ({
  faultCode: 203,
  faultString: `Malformed request: ${reason}.`,
});

export const requestTooLarge = (limitBytes: number): Fault => ({
  faultCode: 204,
  faultString: `Request too large: the limit is ${limitBytes} bytes.`,
});

/** An address that failed to authenticate too often is refused, without its token being looked at. */
export const tooManyFailures = (retryAfterMs: number): Fault => ({
  faultCode: 102,
  faultString: `Authentication refused: too many failed attempts from your address; try again in ${Math.max(1, Math.ceil(retryAfterMs / 1000))} s.`,
});

/** Credentials are read and changed with the admin password, never with an integration's token. */
export const privilegedOnly = (what: string): Fault => ({
  faultCode: 103,
  faultString: `Access denied: ${what} is a credential; reading or changing it needs the admin password.`,
});
