import { EventStore } from '../adapters/store/port';
import { ReadModels } from '../projections';
import { CommandHandlers } from './command-handlers';
import { ProjectionRunner } from './projection-runner';
import { PrinterRegistrationPorts } from './services/printer-registration';
import { SharedAccountLifecyclePorts } from './services/shared-account-lifecycle';
import { UserCreationPorts } from './services/user-creation';

/**
 * What the process runner uses to carry out and finish multi-stream operations. A step may create or
 * change a user, a shared account or a printer (with their claims), so this is the union of those
 * services' ports, plus the operations' own handler and read model, the log (a step's mark, an
 * operation's start) and the runner's waitFor (a completion waits for its steps to be folded).
 */
export interface ProcessPorts
  extends UserCreationPorts, SharedAccountLifecyclePorts, PrinterRegistrationPorts {
  readonly handlers: Pick<CommandHandlers, 'users' | 'claims' | 'sharedAccounts' | 'printers' | 'operations'>;
  readonly models: Pick<
    ReadModels,
    'users' | 'sharedAccounts' | 'printers' | 'operations' | 'cards' | 'config'
  >;
  readonly store: Pick<EventStore, 'readStream'>;
  readonly runner: Pick<ProjectionRunner, 'waitFor'>;
}
