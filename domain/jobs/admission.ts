import { formatMoney, Money } from '../money';
import { isDisabledAt } from '../properties';
import { Printer } from '../printers/state';
import { PrintRefusal } from './commands';

const until = (disabledUntil: string): string =>
  disabledUntil === 'forever' ? 'until re-enabled' : `until ${disabledUntil}`;

/** What the printer's own state says about a job: disabled, or the user is outside its access groups. */
export const printerRefusal = (
  printer: Printer,
  now: Date,
  userGroupIds: readonly string[],
): PrintRefusal | null => {
  if (isDisabledAt(printer.disabledUntil, now))
    return { reason: 'printer-disabled', detail: `the printer is disabled ${until(printer.disabledUntil)}` };
  if (printer.accessGroupIds.length > 0 && !printer.accessGroupIds.some((id) => userGroupIds.includes(id)))
    return { reason: 'no-printer-access', detail: "the user is in none of the printer's access groups" };
  return null;
};

export const userPrintingRefusal = (printingDisabledUntil: string, now: Date): PrintRefusal | null =>
  isDisabledAt(printingDisabledUntil, now)
    ? {
        reason: 'printing-disabled-for-user',
        detail: `printing is disabled for the user ${until(printingDisabledUntil)}`,
      }
    : null;

export const sharedAccountDisabledRefusal = (account: string, disabledUntil: string): PrintRefusal => ({
  reason: 'shared-account-disabled',
  detail: `the shared account '${account}' is disabled ${until(disabledUntil)}`,
});

export const insufficientCreditRefusal = (account: string, cost: Money, available: Money): PrintRefusal => ({
  reason: 'insufficient-credit',
  detail: `'${account}' has ${formatMoney(available)} of credit available and the job costs ${formatMoney(cost)}`,
});
