import { Either, isLeft, left, right } from 'fp-ts/Either';
import { assertNever } from '../domain/decider';
import { DomainError } from '../domain/errors';
import { sharedAccountImportCommands } from '../domain/imports/apply';
import { MemberAction } from '../domain/operations/process';
import { RequestContext } from './envelope';
import { ProcessPorts } from './process-ports';
import { OnceStep } from './operation-steps';
import { claimPrinterName } from './services/printer-registration';
import { createSharedAccount, deleteSharedAccount } from './services/shared-account-lifecycle';
import { executeUserCommands } from './services/user-commands';
import { createUserAccount } from './services/user-creation';

/** A step's outcome: the global position it wrote (or found; 0 when not known), or its refusal. */
export type ActionOutcome = Either<DomainError, number>;

const positionOf = (outcome: Either<DomainError, { readonly position: number }>): ActionOutcome =>
  isLeft(outcome) ? outcome : right(outcome.right.position);

/** Refusals only: what the helper returns on success is not a position, and the completion is waited for. */
const refusalOf = (outcome: Either<DomainError, unknown>): ActionOutcome =>
  isLeft(outcome) ? outcome : right(0);

/**
 * Carries out one member step through its aggregate's command handler (and, for a step that claims
 * a name or a card, through the helpers that claim it first and give it back when the write fails),
 * written once under `once`.
 */
export const applyMemberAction = async (
  ports: ProcessPorts,
  memberId: string,
  action: MemberAction,
  context: RequestContext,
  once: OnceStep,
): Promise<ActionOutcome> => {
  const options = { once: once.mark, eventId: once.eventId };
  switch (action.kind) {
    case 'user-command':
      return positionOf(
        await ports.handlers.users.handle(memberId, action.command, context, {
          ...options,
          ...(action.unchanged === undefined ? {} : { whenUnchanged: action.unchanged }),
        }),
      );
    case 'import-user': {
      const { entry } = action;
      if (!entry.create) {
        const user = ports.models.users.activeById(entry.userId);
        if (user === undefined) return left({ code: 'UserNotFound', username: entry.username });
        return refusalOf(await executeUserCommands(ports, user, action.commands, context, once));
      }
      const account = {
        username: entry.username,
        internal: entry.internal,
        source: 'import',
        details: entry.details ?? {},
        primaryCardNumber: entry.primaryCardNumber ?? '',
        secondaryCardNumber: entry.secondaryCardNumber ?? '',
        pinHash: entry.pinHash ?? '',
        passwordHash: entry.passwordHash ?? '',
      } as const;
      return refusalOf(await createUserAccount(ports, context, account, action.commands, entry.userId, once));
    }
    case 'import-shared-account': {
      const { entry, line } = action;
      if (entry.create) {
        const parent = entry.parentId === '' ? undefined : ports.models.sharedAccounts.byId(entry.parentId);
        if (entry.parentId !== '' && (parent === undefined || parent.deleted))
          return left({
            code: 'ParentAccountNotFound',
            account: entry.fullName,
            parent: entry.fullName.slice(0, entry.fullName.length - entry.name.length - 1),
          });
        return refusalOf(
          await createSharedAccount(
            ports,
            context,
            {
              accountId: entry.accountId,
              parentId: entry.parentId,
              name: entry.name,
              fullName: entry.fullName,
            },
            (created) => sharedAccountImportCommands(entry, created, line),
            once,
          ),
        );
      }
      return positionOf(
        await ports.readYourWrites(
          await ports.handlers.sharedAccounts.handle(
            memberId,
            (state) =>
              state.status === 'absent' || state.deleted
                ? left<DomainError, never>({ code: 'SharedAccountNotFound', account: entry.fullName })
                : right(sharedAccountImportCommands(entry, state, line)),
            context,
            options,
          ),
        ),
      );
    }
    case 'delete-shared-account': {
      // Not written under `once`: deleting is done at most once by its nature, and an account deleted
      // already (by this import before a stop, or by someone else) is left alone.
      const account = ports.models.sharedAccounts.byId(action.accountId);
      if (account === undefined || account.deleted) return right(0);
      return refusalOf(await deleteSharedAccount(ports, context, account));
    }
    case 'printer-line': {
      // A new printer's name is claimed first; a name taken meanwhile refuses the line.
      if (action.claimName !== undefined) {
        const claimed = await claimPrinterName(ports, action.claimName, memberId, context);
        if (isLeft(claimed)) return claimed;
      }
      return positionOf(await ports.handlers.printers.handle(memberId, action.commands, context, options));
    }
    default:
      return assertNever(action);
  }
};
