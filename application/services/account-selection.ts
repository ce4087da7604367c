import { Either, isLeft, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import {
  AccountSelection,
  advancedPopup,
  autoChargePersonal,
  autoSelectSharedAccount,
  standardPopup,
} from '../../domain/users/account-selection';
import { RequestContext } from '../envelope';
import { ReadModels } from '../../projections';
import { Result } from '../kernel';
import { findSharedAccount, findUser } from '../resolve';
import { executeUserCommands, UserCommandPorts } from './user-commands';

/** Running the user's command, and the shared accounts a selection may name. */
export interface AccountSelectionPorts extends UserCommandPorts {
  readonly models: Pick<ReadModels, 'users' | 'sharedAccounts'>;
}

export interface StandardPopupOptions {
  readonly allowPersonal: boolean;
  readonly allowListSelection: boolean;
  readonly allowPinCode: boolean;
  readonly allowPrintingAsOtherUser: boolean;
  readonly chargeToPersonalWhenSharedSelected: boolean;
}

/** The account-selection setters: each states a user's whole selection behaviour as one event. */
export const createAccountSelectionServices = (ports: AccountSelectionPorts) => {
  const { models } = ports;

  /** A blank (or omitted) account name means none; any other name must be an existing shared account. */
  const sharedAccountId = (name: string | undefined): Either<DomainError, string> => {
    if (name === undefined || name.trim() === '') return right('');
    const account = findSharedAccount(models, name.trim());
    return isLeft(account) ? account : right(account.right.accountId);
  };

  const set = async (
    context: RequestContext,
    username: string,
    selection: (accountId: string) => AccountSelection,
    accountName: string | undefined,
  ): Result<true> => {
    const user = findUser(models, username);
    if (isLeft(user)) return user;
    const accountId = sharedAccountId(accountName);
    if (isLeft(accountId)) return accountId;
    return executeUserCommands(
      ports,
      user.right,
      [{ kind: 'SetAccountSelection', selection: selection(accountId.right) }],
      context,
    );
  };

  return {
    setUserAccountSelectionAutoSelectSharedAccount: (
      context: RequestContext,
      username: string,
      account: string,
      chargeToPersonal: boolean,
    ): Result<true> => {
      // Automatic charging needs an account to charge: a blank name is not "none" here.
      const named = findSharedAccount(models, account.trim());
      if (isLeft(named)) return Promise.resolve(named);
      return set(context, username, (id) => autoSelectSharedAccount(id, chargeToPersonal), account);
    },
    setUserAccountSelectionAutoChargePersonal: (
      context: RequestContext,
      username: string,
      withPopupConfirmation: boolean,
    ): Result<true> => set(context, username, () => autoChargePersonal(withPopupConfirmation), undefined),
    setUserAccountSelectionStandardPopup: (
      context: RequestContext,
      username: string,
      options: StandardPopupOptions,
      defaultSharedAccount: string | undefined,
    ): Result<true> =>
      set(
        context,
        username,
        (defaultSharedAccountId) => standardPopup({ ...options, defaultSharedAccountId }),
        defaultSharedAccount,
      ),
    setUserAccountSelectionAdvancedPopup: (
      context: RequestContext,
      username: string,
      allowPersonal: boolean,
      chargeToPersonalWhenSharedSelected: boolean,
      defaultSharedAccount: string | undefined,
    ): Result<true> =>
      set(
        context,
        username,
        (defaultSharedAccountId) =>
          advancedPopup({ allowPersonal, chargeToPersonalWhenSharedSelected, defaultSharedAccountId }),
        defaultSharedAccount,
      ),
  };
};

export type AccountSelectionServices = ReturnType<typeof createAccountSelectionServices>;
