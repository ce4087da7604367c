import * as t from 'io-ts';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { DomainError } from '../errors';
import { defineEvent, EventOf } from '../event-definition';
import { validateName } from '../names';

/** The one stream holding the site's configuration. */
export const CONFIG_STREAM = 'config';

/** Longest configuration value Folio stores; the product's values are short strings. */
export const MAX_CONFIG_VALUE_LENGTH = 65_536;

export const ConfigValueSet = defineEvent(
  'ConfigValueSet',
  1,
  'A configuration value was set (an empty value unsets it).',
  t.type({ name: t.string, value: t.string }),
);

export const AdminPasswordChanged = defineEvent(
  'AdminPasswordChanged',
  1,
  'The built-in admin password (also a web-services auth token) changed. Only a salted hash is stored.',
  t.type({ passwordHash: t.string }),
);

export const CONFIG_EVENTS = [ConfigValueSet, AdminPasswordChanged] as const;
export type ConfigEvent = EventOf<(typeof CONFIG_EVENTS)[number]>;

export interface ConfigState {
  readonly values: Readonly<Record<string, string>>;
  readonly adminPasswordHash: string;
}

export type ConfigCommand =
  | { readonly kind: 'SetConfigValue'; readonly name: string; readonly value: string }
  | { readonly kind: 'ChangeAdminPassword'; readonly passwordHash: string };

/** Own properties only: a name such as `constructor` must not reach Object.prototype. */
export const configValue = (state: ConfigState, name: string): string =>
  Object.hasOwn(state.values, name) ? (state.values[name] ?? '') : '';

const validateValue = (name: string, value: string): Either<DomainError, string> =>
  value.length > MAX_CONFIG_VALUE_LENGTH
    ? left({
        code: 'InvalidValue',
        field: name,
        value: `${value.slice(0, 40)}…`,
        expected: `at most ${MAX_CONFIG_VALUE_LENGTH} characters`,
      })
    : right(value);

export const configDecider: Decider<ConfigCommand, ConfigState, ConfigEvent> = {
  initialState: () => ({ values: {}, adminPasswordHash: '' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'ConfigValueSet': {
        const { [event.data.name]: _previous, ...rest } = state.values;
        return {
          ...state,
          values: event.data.value === '' ? rest : { ...rest, [event.data.name]: event.data.value },
        };
      }
      case 'AdminPasswordChanged':
        return { ...state, adminPasswordHash: event.data.passwordHash };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.kind) {
      case 'SetConfigValue': {
        const name = validateName('config', command.name);
        if (isLeft(name)) return name;
        const value = validateValue(name.right, command.value);
        if (isLeft(value)) return value;
        return configValue(state, name.right) === value.right
          ? right([])
          : right([{ type: 'ConfigValueSet', data: { name: name.right, value: value.right } }]);
      }
      case 'ChangeAdminPassword':
        return right([{ type: 'AdminPasswordChanged', data: { passwordHash: command.passwordHash } }]);
      default:
        return assertNever(command);
    }
  },
};
