import { Command } from 'commander';
import { withDataOptions } from './data-store';
import { InitialUserSettings } from '../../domain/groups/initial-settings';
import { formatMoney } from '../../domain/money';
import { parseAmountValue, parseBooleanValue } from '../../domain/properties';
import { LocalFlags, orFail, withLocalFolio } from './local-folio';

interface InitialSettingsFlags extends LocalFlags {
  readonly balance?: string;
  readonly restricted?: string;
  readonly overdraft?: string;
  readonly clear?: boolean;
}

const NONE = 'none';

/** Applies the options to the current settings: a value sets a field, `none` removes it, absence keeps it. */
export const updatedSettings = (
  current: InitialUserSettings,
  flags: InitialSettingsFlags,
): InitialUserSettings => {
  const next: { balance?: bigint; restricted?: boolean; overdraft?: bigint } =
    flags.clear === true ? {} : { ...current };
  const apply = <K extends keyof typeof next>(
    key: K,
    text: string | undefined,
    parse: (text: string) => (typeof next)[K],
  ) => {
    if (text === undefined) return;
    if (text.trim().toLowerCase() === NONE) delete next[key];
    else next[key] = parse(text);
  };
  apply('balance', flags.balance, (text) => orFail(parseAmountValue('--balance', text)));
  apply('restricted', flags.restricted, (text) => orFail(parseBooleanValue('--restricted', text)));
  apply('overdraft', flags.overdraft, (text) =>
    orFail(parseAmountValue('--overdraft', text, { nonNegative: true })),
  );
  return next;
};

export const describeSettings = (settings: InitialUserSettings): string =>
  [
    `initial balance: ${settings.balance === undefined ? '(not set)' : formatMoney(settings.balance)}`,
    `restricted: ${settings.restricted === undefined ? '(not set)' : String(settings.restricted)}`,
    `overdraft: ${settings.overdraft === undefined ? '(not set)' : formatMoney(settings.overdraft)}`,
  ].join('\n');

/** `folio group initial-settings GROUP [--balance 5] [--restricted true] [--overdraft 2] [--clear]`. */
export const registerGroupCommands = (program: Command): void => {
  const group = program.command('group').description("a group's settings");
  withDataOptions(
    group
      .command('initial-settings <group>')
      .description(
        'show or change what users created in the group receive (also given again by api.reapplyInitialUserSettings)',
      )
      .option('--balance <amount|none>', 'opening balance of the personal account')
      .option('--restricted <true|false|none>', 'whether the user is restricted')
      .option('--overdraft <amount|none>', 'individual overdraft')
      .option('--clear', 'start from no settings'),
  ).action((name: string, flags: InitialSettingsFlags) =>
    withLocalFolio(flags, 'group initial-settings', async (folio, context) => {
      const current = orFail(folio.services.initialSettings.getGroupInitialSettings(name));
      const changing =
        flags.clear === true ||
        flags.balance !== undefined ||
        flags.restricted !== undefined ||
        flags.overdraft !== undefined;
      const settings = changing
        ? orFail(
            await folio.services.initialSettings.setGroupInitialSettings(
              context,
              name,
              updatedSettings(current, flags),
            ),
          )
        : current;
      process.stdout.write(`${describeSettings(settings)}\n`);
    }),
  );
};
