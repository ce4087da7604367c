import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { SystemAccount, printRevenueAccount } from '../../domain/ledger/accounts';
import { nameKey, normalizeUsername } from '../../domain/names';
import { AccountKind, accountKindOf } from '../../projections/ledger/reconciliation';
import { SharedAccountsReadModel } from '../../projections/shared-accounts';
import { UsersReadModel } from '../../projections/users';
import { PrintersReadModel } from '../../projections/printers';
import { PRINTER_SEPARATOR, printerDisplayName } from '../../domain/printers/names';

const PRINT_REVENUE_PREFIX = 'system:print-revenue:';

/** A statement account as a report shows it. */
export interface AccountDescription {
  /** `user:<id>`, `shared:<id>` or a system account such as `system:adjustments`. */
  readonly key: string;
  /** Username, shared-account full name (`parent\sub`), or the system account (with its printer's name). */
  readonly name: string;
  /** For a print-revenue account: its printer as `server\printer`. */
  readonly printer?: string;
  readonly kind: AccountKind;
  readonly deleted: boolean;
}

export interface AccountDirectory {
  readonly describe: (key: string) => AccountDescription;
  /**
   * An account as typed: `system:…`; `user:NAME` or `shared:NAME` (a name or an id); or a bare name,
   * which is a user's if a user has it, else a shared account's. Deleted accounts are found too: their
   * history stays readable.
   */
  readonly resolve: (text: string) => Either<DomainError, AccountDescription>;
}

export const createAccountDirectory = (
  users: UsersReadModel,
  sharedAccounts: SharedAccountsReadModel,
  printers?: PrintersReadModel,
): AccountDirectory => {
  const describe = (key: string): AccountDescription => {
    const kind = accountKindOf(key);
    if (kind === 'user') {
      const user = users.byId(key.slice('user:'.length));
      return { key, kind, name: user?.username ?? key, deleted: user?.deleted ?? false };
    }
    if (kind === 'shared') {
      const account = sharedAccounts.byId(key.slice('shared:'.length));
      return {
        key,
        kind,
        name: account === undefined ? key : sharedAccounts.fullName(account),
        deleted: account?.deleted ?? false,
      };
    }
    if (key.startsWith(PRINT_REVENUE_PREFIX)) {
      const printer = printers?.byId(key.slice(PRINT_REVENUE_PREFIX.length));
      if (printer !== undefined) {
        const name = printerDisplayName(printer);
        return { key, kind, name: `${PRINT_REVENUE_PREFIX}${name}`, printer: name, deleted: printer.deleted };
      }
    }
    return { key, kind, name: key, deleted: false };
  };

  const userNamed = (name: string, includeDeleted: boolean): string | undefined => {
    const active = users.findByUsername(name);
    if (active !== undefined) return `user:${active.userId}`;
    if (users.byId(name) !== undefined) return `user:${name}`;
    if (!includeDeleted) return undefined;
    const wanted = normalizeUsername(name);
    let found: string | undefined;
    for (const user of users.all())
      if (user.deleted && user.username === wanted) found = `user:${user.userId}`;
    return found;
  };

  const sharedNamed = (name: string, includeDeleted: boolean): string | undefined => {
    const active = sharedAccounts.findByName(name);
    if (active !== undefined) return `shared:${active.accountId}`;
    if (sharedAccounts.byId(name) !== undefined) return `shared:${name}`;
    if (!includeDeleted) return undefined;
    let found: string | undefined;
    for (const account of sharedAccounts.all())
      if (account.deleted && nameKey(sharedAccounts.fullName(account)) === nameKey(name))
        found = `shared:${account.accountId}`;
    return found;
  };

  /** `system:print-revenue:SERVER\PRINTER`, the name statements print, as the account's key (by printer id). */
  const printerRevenueNamed = (text: string): string | undefined => {
    if (!text.startsWith(PRINT_REVENUE_PREFIX) || printers === undefined) return undefined;
    const name = text.slice(PRINT_REVENUE_PREFIX.length);
    const separator = name.indexOf(PRINTER_SEPARATOR);
    if (separator < 0) return undefined;
    const printer = printers.findByName({
      server: name.slice(0, separator),
      printer: name.slice(separator + 1),
    });
    return printer === undefined ? undefined : printRevenueAccount(printer.printerId);
  };

  const resolve = (text: string): Either<DomainError, AccountDescription> => {
    const found = (key: string | undefined, missing: DomainError): Either<DomainError, AccountDescription> =>
      key === undefined ? left(missing) : right(describe(key));
    const printerRevenue = printerRevenueNamed(text);
    if (printerRevenue !== undefined) return right(describe(printerRevenue));
    if (text.startsWith('system:'))
      return SystemAccount.is(text)
        ? right(describe(text))
        : left({
            code: 'InvalidValue',
            field: 'account',
            value: text,
            expected: 'a system account such as system:adjustments or system:print-revenue:<printer>',
          });
    if (text.startsWith('user:')) {
      const name = text.slice('user:'.length);
      return found(userNamed(name, true), { code: 'UserNotFound', username: name });
    }
    if (text.startsWith('shared:')) {
      const name = text.slice('shared:'.length);
      return found(sharedNamed(name, true), { code: 'SharedAccountNotFound', account: name });
    }
    const user = userNamed(text, false);
    const shared = sharedNamed(text, false);
    if (user !== undefined && shared !== undefined)
      return left({
        code: 'InvalidValue',
        field: 'account',
        value: text,
        expected: `user:${text} or shared:${text} (a user and a shared account share this name)`,
      });
    return found(user ?? shared ?? userNamed(text, true) ?? sharedNamed(text, true), {
      code: 'UserNotFound',
      username: text,
    });
  };

  return { describe, resolve };
};
