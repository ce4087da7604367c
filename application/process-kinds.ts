import { Either, isLeft, right } from 'fp-ts/Either';
import { cardKey } from '../domain/cards/numbers';
import { DomainError } from '../domain/errors';
import { CardCreditStart, decideCardCredit } from '../domain/operations/card-credit-process';
import { decideGroupBalance, GroupBalanceStart } from '../domain/operations/group-balance-process';
import { decideImport, ImportStart } from '../domain/operations/import-process';
import { OperationStart } from '../domain/operations/operations';
import { decidePrinterImport, PrinterImportStart } from '../domain/operations/printer-import-process';
import { ProcessPlan } from '../domain/operations/process';
import { cardStream } from '../domain/streams';
import { RecordedEvent } from '../adapters/store/port';
import { RequestContext } from './envelope';
import { derivedId } from './ids';
import { ProcessPorts } from './process-ports';
import { operationStartOf, recordOperationStart } from './operation-starts';
import { carriesOperation } from './operation-steps';
import { userPolicy } from './policy';

/**
 * One kind of multi-stream operation, as the runner needs it: how its start is recorded and found
 * again, which steps it issues (its pure plan, from domain/operations), and what marks a step done.
 */
export interface ProcessKind<Start> {
  /** Names the kind in errors. */
  readonly name: string;
  /** The operation's id: its in-flight key, and what its steps' event ids derive from. */
  readonly idOf: (start: Start) => string;
  /** Records the start durably; a kind whose start is recorded by its service's own command has none. */
  readonly record?: (start: Start, context: RequestContext) => Promise<Either<DomainError, number>>;
  /** Those whose start is recorded and whose completion is not. */
  readonly unfinished: () => readonly Start[];
  /** Where the start was recorded (no earlier event can be a step of it) and when (the sweep's age rule). */
  readonly startOf: (start: Start) => Promise<{ readonly position: number; readonly startedAt?: string }>;
  readonly plan: (start: Start) => ProcessPlan;
  /** Whether a recorded event is a step of the operation with this id. */
  readonly carries: (id: string) => (recorded: RecordedEvent) => boolean;
  /** Whether `BulkOperationCompleted` is recorded last (a card credit's completion is the credit itself). */
  readonly completes: boolean;
  /** Steps written at once: independent streams, and the store batches commits. */
  readonly concurrency: number;
}

const recordedStart = async (ports: ProcessPorts, operationId: string) => {
  const recorded = await operationStartOf(ports, operationId);
  return { position: recorded?.position ?? 0, startedAt: recorded?.recordedAt };
};

const operationKind = <Start extends OperationStart>(
  ports: ProcessPorts,
  name: string,
  type: Start['type'],
  plan: (start: Start) => ProcessPlan,
  concurrency: number,
): ProcessKind<Start> => ({
  name,
  idOf: (start) => start.data.operationId,
  record: async (start, context) => {
    const started = await recordOperationStart(ports, start, context);
    return isLeft(started) ? started : right(started.right.position);
  },
  unfinished: () =>
    ports.models.operations.unfinished().filter((start): start is Start => start.type === type),
  startOf: (start) => recordedStart(ports, start.data.operationId),
  plan,
  carries: carriesOperation,
  completes: true,
  concurrency,
});

/** What a group operation's plan (and its all-or-nothing trial) is decided from. */
export const groupBalanceInput = (
  ports: { readonly models: Pick<ProcessPorts['models'], 'config'> },
  start: GroupBalanceStart['data'],
) => ({
  start,
  policy: userPolicy(ports.models.config),
  transferIdOf: (userId: string) => derivedId(start.operationId, userId, 'transfer'),
});

/** Every kind the runner finishes; `finishUnfinished` gives each its turn in this order. */
export const processKinds = (ports: ProcessPorts) => ({
  groupBalance: operationKind<GroupBalanceStart>(
    ports,
    'group operation',
    'GroupBalanceOperationStarted',
    (start) => decideGroupBalance(groupBalanceInput(ports, start.data)),
    64,
  ),
  // Printers are fewer and each line may claim a name: fewer at once.
  printerImport: operationKind<PrinterImportStart>(
    ports,
    'printer import',
    'PrinterImportStarted',
    (start) => decidePrinterImport(start.data),
    16,
  ),
  cardCredit: {
    name: 'card credit',
    idOf: (start) => start.transferId,
    unfinished: () => ports.models.cards.uncredited(),
    startOf: async (start) => {
      const redeemed = (await ports.store.readStream(cardStream(cardKey(start.cardNumber)))).find(
        (recorded) => recorded.type === 'CardRedeemed',
      );
      return { position: redeemed?.position ?? 0, startedAt: start.redeemedAt };
    },
    plan: (start) => decideCardCredit(start, userPolicy(ports.models.config)),
    // The credit carries the card's transfer id, not an operation id.
    carries: (transferId) => (recorded) =>
      typeof recorded.data === 'object' &&
      recorded.data !== null &&
      (recorded.data as { transferId?: unknown }).transferId === transferId,
    completes: false,
    concurrency: 1,
  } satisfies ProcessKind<CardCreditStart>,
  imports: operationKind<ImportStart>(
    ports,
    'import',
    'ImportOperationStarted',
    (start) =>
      decideImport({
        start: start.data,
        policy: userPolicy(ports.models.config),
        transferIdOf: (recordId) => derivedId(start.data.operationId, recordId, 'transfer'),
      }),
    64,
  ),
});

export type ProcessKinds = ReturnType<typeof processKinds>;
