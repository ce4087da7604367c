import * as t from 'io-ts';
import { Either, left } from 'fp-ts/Either';
import { CONFIG_EVENTS, ConfigEvent } from './config/config';
import { AnyEventDefinition } from './event-definition';
import { GROUP_EVENTS, GroupEvent } from './groups/events';
import { OPERATION_EVENTS, OperationEvent } from './operations/operations';
import { SHARED_ACCOUNT_EVENTS, SharedAccountEvent } from './shared-accounts/events';
import { UNIQUENESS_EVENTS, UniquenessEvent } from './uniqueness/uniqueness';
import { USER_EVENTS, UserEvent } from './users/events';
import { PRINTER_EVENTS, PrinterEvent } from './printers/events';
import { CARD_EVENTS, CardEvent } from './cards/events';
import { ADMIN_EVENTS, AdminEvent } from './admin/events';

/** Every event type Folio writes, at its current version: the event catalogue. */
export const ALL_EVENT_DEFINITIONS: readonly AnyEventDefinition[] = [
  ...USER_EVENTS,
  ...GROUP_EVENTS,
  ...SHARED_ACCOUNT_EVENTS,
  ...CONFIG_EVENTS,
  ...UNIQUENESS_EVENTS,
  ...OPERATION_EVENTS,
  ...PRINTER_EVENTS,
  ...CARD_EVENTS,
  ...ADMIN_EVENTS,
];

export type DomainEvent =
  | UserEvent
  | GroupEvent
  | SharedAccountEvent
  | ConfigEvent
  | UniquenessEvent
  | OperationEvent
  | PrinterEvent
  | CardEvent
  | AdminEvent;
export type DomainEventType = DomainEvent['type'];

const guard = <E extends DomainEvent>(family: readonly AnyEventDefinition[]) => {
  const types = new Set(family.map((definition) => definition.type));
  return (event: DomainEvent): event is E => types.has(event.type);
};

export const isUserEvent = guard<UserEvent>(USER_EVENTS);
export const isGroupEvent = guard<GroupEvent>(GROUP_EVENTS);
export const isSharedAccountEvent = guard<SharedAccountEvent>(SHARED_ACCOUNT_EVENTS);
export const isConfigEvent = guard<ConfigEvent>(CONFIG_EVENTS);
export const isOperationEvent = guard<OperationEvent>(OPERATION_EVENTS);
export const isPrinterEvent = guard<PrinterEvent>(PRINTER_EVENTS);
export const isCardEvent = guard<CardEvent>(CARD_EVENTS);
export const isAdminEvent = guard<AdminEvent>(ADMIN_EVENTS);

const definitions = new Map(
  ALL_EVENT_DEFINITIONS.map((definition) => [`${definition.type}.v${definition.version}`, definition]),
);
const currentVersion = new Map(
  ALL_EVENT_DEFINITIONS.map((definition) => [definition.type, definition.version]),
);

export const eventVersion = (type: string): number => {
  const version = currentVersion.get(type);
  if (version === undefined) throw new Error(`no event definition for ${type}`);
  return version;
};

/** The payload as stored: money as canonical decimal text, nothing but JSON. */
export const encodeEventData = (event: DomainEvent): unknown => {
  const definition = definitions.get(`${event.type}.v${eventVersion(event.type)}`);
  if (definition === undefined) throw new Error(`no event definition for ${event.type}`);
  return definition.data.encode(event.data);
};

export type EventDecodeError = {
  readonly type: string;
  readonly version: number;
  readonly problems: readonly string[];
};

/** Validates a stored payload against its type's codec. Older versions would be upcast here. */
export const decodeEvent = (
  type: string,
  version: number,
  data: unknown,
): Either<EventDecodeError, DomainEvent> => {
  const definition = definitions.get(`${type}.v${version}`);
  if (definition === undefined) return left({ type, version, problems: ['unknown event type or version'] });
  const decoded = definition.codec.decode({ type, data });
  if (decoded._tag === 'Left') {
    return left({
      type,
      version,
      problems: decoded.left.map((error) => describeContext(error.context, error.message)),
    });
  }
  return decoded as Either<EventDecodeError, DomainEvent>;
};

const describeContext = (context: t.Context, message: string | undefined): string => {
  const path = context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');
  const last = context[context.length - 1];
  return `${path || '(root)'}: ${message ?? `expected ${last?.type.name ?? 'a value'}`}`;
};
