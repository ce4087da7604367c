import { isLeft } from 'fp-ts/Either';
import { UserCommand } from '../../domain/users/commands';
import { RequestContext } from '../envelope';
import { Result } from '../kernel';
import { findUser } from '../resolve';
import { executeUserCommands, UserCommandPorts } from './user-commands';

/** Clearing the settings is user commands run as any other (they set no card, but the path is one). */
export type PrinterSettingsPorts = UserCommandPorts;

/**
 * A user's advanced printer settings, as clearUserAdvancedPrinterSettings resets them: the switches
 * that change how the user's jobs are handled at the printer (hold/release, filter rules, archiving,
 * automatic release) go back to off, and the printer cost adjustment back to 100 %. Restriction,
 * disabled printing, overdraft, account selection and the counts are not advanced printer settings and
 * are left alone.
 */
const CLEARED: readonly UserCommand[] = [
  {
    kind: 'SetSwitches',
    changes: {
      dontHoldJobsInReleaseStation: false,
      dontApplyPrinterFilterRules: false,
      dontArchive: false,
      autoReleaseJobs: false,
    },
  },
  { kind: 'SetCostAdjustment', percent: '100' },
];

export const createPrinterSettingsServices = (ports: PrinterSettingsPorts) => ({
  clearUserAdvancedPrinterSettings: async (context: RequestContext, username: string): Result<true> => {
    const user = findUser(ports.models, username);
    if (isLeft(user)) return user;
    return executeUserCommands(ports, user.right, CLEARED, context);
  },
});

export type PrinterSettingsServices = ReturnType<typeof createPrinterSettingsServices>;
