import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { formatMoney } from '../../domain/money';
import { ReadModels } from '../../projections';
import { TaskRunner } from '../tasks';
import { findSharedAccount, findUser, sharedAccountNamed } from '../resolve';
import { totalBalance } from '../../domain/users/state';

interface ServerCommand {
  /** What `args` holds, for the fault when the count is wrong. */
  readonly usage: string;
  readonly arity: readonly [min: number, max: number];
  readonly run: (args: readonly string[]) => Either<DomainError, string>;
}

/** The server commands only read: users, shared accounts and the task status. */
export interface ServerCommandPorts {
  readonly models: Pick<ReadModels, 'users' | 'sharedAccounts'>;
  readonly tasks: Pick<TaskRunner, 'status'>;
}

/**
 * api.runCommand runs one of the product's server commands by name. Folio answers a small set of
 * read-only ones: they cannot change anything, so a script that can call runCommand gains no power
 * the typed methods do not already give and check. Every change goes through its own API method,
 * with its validation and its events. Any other name is a fault that names it and lists these.
 */
export const createServerCommandServices = ({ models, tasks }: ServerCommandPorts) => {
  const commands: Readonly<Record<string, ServerCommand>> = {
    'get-total-users': { usage: '', arity: [0, 0], run: () => right(String(models.users.sorted().length)) },
    'is-user-exists': {
      usage: 'user',
      arity: [1, 1],
      run: ([user = '']) => right(String(models.users.findByUsername(user) !== undefined)),
    },
    'get-user-account-balance': {
      usage: 'user',
      arity: [1, 1],
      run: ([user = '']) => {
        const found = findUser(models, user);
        return isLeft(found) ? found : right(formatMoney(totalBalance(found.right)));
      },
    },
    'is-shared-account-exists': {
      usage: 'account',
      arity: [1, 1],
      run: ([account = '']) => right(String(sharedAccountNamed(models, account) !== undefined)),
    },
    'get-shared-account-account-balance': {
      usage: 'account',
      arity: [1, 1],
      run: ([account = '']) => {
        const found = findSharedAccount(models, account);
        return isLeft(found) ? found : right(formatMoney(found.right.balance));
      },
    },
    'get-task-status': {
      usage: '',
      arity: [0, 0],
      run: () => {
        const status = tasks.status();
        return right(`completed: ${String(status.completed)}\n${status.message}`);
      },
    },
  };
  const known = Object.keys(commands).sort().join(', ');

  return {
    runCommand: (name: string, args: readonly string[]): Either<DomainError, string> => {
      const command = Object.hasOwn(commands, name.trim()) ? commands[name.trim()] : undefined;
      if (command === undefined) return left({ code: 'UnknownCommand', command: name, known });
      const [min, max] = command.arity;
      if (args.length < min || args.length > max)
        return left({
          code: 'InvalidValue',
          field: `the arguments of ${name.trim()}`,
          value: JSON.stringify(args),
          expected: command.usage === '' ? 'no arguments' : `[${command.usage}]`,
        });
      return command.run(args);
    },
    /** Folio schedules no reports, so no title names one; ad-hoc reports are api.generateAdHocReport. */
    generateScheduledReport: (reportTitle: string): Either<DomainError, boolean> =>
      left({ code: 'ScheduledReportNotFound', report: reportTitle }),
  };
};

export type ServerCommandServices = ReturnType<typeof createServerCommandServices>;
