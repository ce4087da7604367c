import { left, right } from 'fp-ts/Either';
import { assertNever, Decider } from '../decider';
import { PrinterCommand } from '../printers/commands';
import { ImportLineContext } from '../imports/apply';
import { SharedAccountImportEntry, UserImportEntry } from '../imports/events';
import { UserCommand } from '../users/commands';

/**
 * A multi-stream operation as a process manager (Emmett's workflow): each kind's pure plan says which
 * member steps it issues, and one workflow below says in what order they go and what completes the
 * operation. The application's runner (application/process-runner.ts) feeds it what each step came
 * to and carries out what it decides; the workflow's messages live in memory only — what is stored is
 * the operation's start, each member's entry (or marker) and the completion, so a crash loses nothing
 * a resumed run cannot find again on the member streams.
 */

/** What one member step asks of its aggregate. */
export type MemberAction =
  /** One user command; `unchanged` is written instead when the command moves nothing. */
  | {
      readonly kind: 'user-command';
      readonly command: UserCommand;
      readonly unchanged?: UserCommand;
    }
  /** An import line for a user: created (claiming its name and cards) or changed (claiming new cards). */
  | {
      readonly kind: 'import-user';
      readonly entry: UserImportEntry;
      readonly commands: readonly UserCommand[];
    }
  /** An import line for a shared account: created (claiming its name) or changed as it is then. */
  | {
      readonly kind: 'import-shared-account';
      readonly entry: SharedAccountImportEntry;
      readonly line: ImportLineContext;
    }
  /** A shared account an import deletes; one deleted already is left alone. */
  | { readonly kind: 'delete-shared-account'; readonly accountId: string }
  /** A printer import line; `claimName` when it registers the printer (its name is claimed first). */
  | {
      readonly kind: 'printer-line';
      readonly commands: readonly PrinterCommand[];
      readonly claimName?: { readonly server: string; readonly printer: string };
    };

export interface MemberStep {
  /** The member the step belongs to: the aggregate's id, and the id a skipped step is listed under. */
  readonly memberId: string;
  /** The member's stream, where a step already applied is found. */
  readonly stream: string;
  /** Derives the step's event ids with the operation's id: the same for every attempt at the step. */
  readonly eventKey: string;
  /** How task messages and errors name the step (`Line 3 (alice)`). */
  readonly where: string;
  /**
   * The step claims a name or a card before it writes: it is looked for on its stream first, so that
   * a step applied before a stop does not claim again what its record may since have given up.
   */
  readonly claims: boolean;
  /** Put before the refusal's code in the completion's list of skipped members. */
  readonly skipPrefix: string;
  readonly action: MemberAction;
}

/** The steps in waves: a wave is issued once every step of the one before has settled. */
export type ProcessPlan = readonly (readonly MemberStep[])[];

export interface SkippedMember {
  readonly id: string;
  readonly reason: string;
}

/** What the runner tells the workflow, and what the workflow decides (outputs), in one union. */
export type ProcessMessage =
  | { readonly type: 'ProcessStarted'; readonly plan: ProcessPlan }
  | { readonly type: 'StepApplied'; readonly memberId: string }
  | { readonly type: 'StepSkipped'; readonly memberId: string; readonly reason: string }
  | { readonly type: 'StepsIssued'; readonly steps: readonly MemberStep[] }
  | {
      readonly type: 'CompletionDecided';
      readonly applied: number;
      readonly skipped: readonly SkippedMember[];
    };

export type ProcessInput = Extract<
  ProcessMessage,
  { type: 'ProcessStarted' | 'StepApplied' | 'StepSkipped' }
>;

/**
 * The members skipped so far, newest first: a persistent list, so that recording one more is O(1)
 * however many lines an import has (it may hold 50,000).
 */
export type SkippedSoFar = { readonly member: SkippedMember; readonly earlier: SkippedSoFar } | null;

export type ProcessState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      /** Waves not issued yet. */
      readonly waves: ProcessPlan;
      /** Steps of the issued wave whose outcome has not been told yet. */
      readonly pending: number;
      readonly applied: number;
      readonly skipped: SkippedSoFar;
    }
  | { readonly status: 'completed'; readonly applied: number; readonly skipped: readonly SkippedMember[] };

const byId = (a: SkippedMember, b: SkippedMember): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const listed = (skipped: SkippedSoFar): SkippedMember[] => {
  const members: SkippedMember[] = [];
  for (let each = skipped; each !== null; each = each.earlier) members.push(each.member);
  return members;
};

/** The next non-empty wave, or the completion when none is left. */
const next = (waves: ProcessPlan, applied: number, skipped: SkippedSoFar): readonly ProcessMessage[] => {
  const wave = waves.find((steps) => steps.length > 0);
  return wave === undefined
    ? [{ type: 'CompletionDecided', applied, skipped: listed(skipped).sort(byId) }]
    : [{ type: 'StepsIssued', steps: wave }];
};

export const processDecider: Decider<ProcessInput, ProcessState, ProcessMessage> = {
  initialState: () => ({ status: 'idle' }),
  decide: (input, state) => {
    switch (input.type) {
      case 'ProcessStarted':
        if (state.status !== 'idle') return right([]);
        return right(next(input.plan, 0, null));
      case 'StepApplied':
      case 'StepSkipped': {
        // The runner tells each issued step's outcome once; the workflow only counts them, since a set
        // of the members still pending would cost a copy per step.
        if (state.status !== 'running' || state.pending === 0)
          return left({
            code: 'Conflict',
            what: `a step of ${input.memberId} settled while none was issued`,
          });
        if (state.pending > 1) return right([]);
        const settled = processDecider.evolve(state, input);
        return settled.status === 'running'
          ? right(next(state.waves, settled.applied, settled.skipped))
          : right([]);
      }
      default:
        return assertNever(input);
    }
  },
  evolve: (state, message) => {
    switch (message.type) {
      case 'ProcessStarted':
        return state.status === 'idle'
          ? { status: 'running', waves: message.plan, pending: 0, applied: 0, skipped: null }
          : state;
      case 'StepsIssued': {
        if (state.status !== 'running') return state;
        // The issued wave is always the first non-empty one (`next`): it and the empty ones before it are done.
        const index = state.waves.findIndex((steps) => steps.length > 0);
        return {
          ...state,
          waves: state.waves.slice(index + 1),
          pending: message.steps.length,
        };
      }
      case 'StepApplied':
        return state.status === 'running'
          ? { ...state, pending: state.pending - 1, applied: state.applied + 1 }
          : state;
      case 'StepSkipped':
        return state.status === 'running'
          ? {
              ...state,
              pending: state.pending - 1,
              skipped: { member: { id: message.memberId, reason: message.reason }, earlier: state.skipped },
            }
          : state;
      case 'CompletionDecided':
        return { status: 'completed', applied: message.applied, skipped: message.skipped };
      default:
        return assertNever(message);
    }
  },
};
