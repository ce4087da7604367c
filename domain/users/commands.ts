import type { UserPrintJobCommand } from '../jobs/commands';
import { BalanceCondition } from '../ledger/conditions';
import { RecordedTransfer } from '../ledger/corrections';
import { TransferRequest } from '../ledger/transfer-request';
import { Money } from '../money';
import { UserDetailField, UserSwitch } from './events';
import { OverdraftSetting } from './state';
import { AccountSelection } from './account-selection';

/** What the site's configuration says about every user's ledger, resolved by the caller. */
export interface UserPolicy {
  readonly defaultOverdraft: Money;
  /** Named personal accounts besides the default one ('' ); empty unless the site configures some. */
  readonly personalAccounts: readonly string[];
}

export type UserCommand =
  | {
      readonly kind: 'CreateUser';
      readonly userId: string;
      readonly username: string;
      readonly internal: boolean;
      readonly source: 'internal' | 'directory' | 'import';
      readonly details: Partial<Record<UserDetailField, string>>;
      readonly primaryCardNumber: string;
      /** Optional so that existing callers need not name it; '' or absent = none. */
      readonly secondaryCardNumber?: string;
      readonly pinHash: string;
      readonly passwordHash: string;
    }
  | { readonly kind: 'ChangeUserDetails'; readonly changes: Partial<Record<UserDetailField, string>> }
  | { readonly kind: 'SetCardNumber'; readonly slot: 'primary' | 'secondary'; readonly cardNumber: string }
  | { readonly kind: 'SetPin'; readonly pinHash: string }
  | { readonly kind: 'SetPassword'; readonly passwordHash: string }
  | { readonly kind: 'SetRestricted'; readonly restricted: boolean }
  | { readonly kind: 'SetOverdraft'; readonly setting: OverdraftSetting }
  /** `until` is an ISO time, or '' for "until re-enabled". */
  | { readonly kind: 'DisablePrinting'; readonly until: string }
  | { readonly kind: 'EnablePrinting' }
  | { readonly kind: 'SetSwitches'; readonly changes: Partial<Record<UserSwitch, boolean>> }
  | { readonly kind: 'SetCostAdjustment'; readonly percent: string }
  /** The counts before come from the print-stats read model, filled in by the caller. */
  | {
      readonly kind: 'ResetCounts';
      readonly resetBy: string;
      readonly jobCountBefore: number;
      readonly pageCountBefore: number;
    }
  | { readonly kind: 'RenameUser'; readonly newUsername: string }
  | { readonly kind: 'DeleteUser'; readonly redact: boolean }
  | {
      readonly kind: 'AdjustBalance';
      /** Personal account name; '' is the default account. */
      readonly account: string;
      readonly transfer: TransferRequest;
      readonly amount: Money;
      readonly condition: BalanceCondition;
      readonly policy: UserPolicy;
    }
  | {
      readonly kind: 'SetBalance';
      readonly account: string;
      readonly transfer: TransferRequest;
      readonly balance: Money;
      readonly policy: UserPolicy;
    }
  | UserPrintJobCommand
  | { readonly kind: 'SetAccountSelection'; readonly selection: AccountSelection }
  /** Reverses `original` (a transfer of this user's) by a new transfer; see domain/ledger/corrections.ts. */
  | {
      readonly kind: 'CorrectTransfer';
      readonly original: RecordedTransfer;
      readonly correctionId: string;
      readonly comment: string;
    }
  /**
   * Records that a group balance operation reached the user and moved nothing (`UserBalanceUnchanged`):
   * the step's trace when its own decision writes no event.
   */
  | { readonly kind: 'RecordBalanceUnchanged'; readonly operationId: string; readonly account: string }
  /** Marks the changes that follow as one line of a batch import (see domain/imports/markers.ts). */
  | {
      readonly kind: 'RecordImport';
      readonly operationId: string;
      readonly file: string;
      readonly line: number;
    };
