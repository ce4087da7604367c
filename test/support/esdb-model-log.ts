import { EventEmitter } from 'node:events';
import { AllStreamResolvedEvent, EVENT_TYPE, Filter, Position } from '@eventstore/db-client';
import { EsdbSubscription } from '../../adapters/store/esdb/client';

/** A record in the model's transaction log. */
export interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly created: Date;
  readonly data: string;
  readonly metadata: string;
}

export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit
    ? a.commit < b.commit
      ? -1
      : 1
    : a.prepare === b.prepare
      ? 0
      : a.prepare < b.prepare
        ? -1
        : 1;

export const toResolved = (record: StoredRecord): AllStreamResolvedEvent => ({
  event: {
    streamId: record.streamId,
    id: record.id,
    isJson: true,
    revision: record.revision,
    type: record.type,
    created: record.created,
    data: JSON.parse(record.data) as Record<string, unknown>,
    metadata: record.metadata === '' ? undefined : (JSON.parse(record.metadata) as Record<string, unknown>),
    position: { ...record.position },
  },
  commitPosition: record.position.commit,
});

export const passes = (filter: Filter | undefined, record: StoredRecord): boolean => {
  if (filter === undefined) return true;
  const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
};

export class ModelSubscription extends EventEmitter implements EsdbSubscription {
  constructor(private readonly onClose: (subscription: ModelSubscription) => void) {
    super();
  }
  async unsubscribe(): Promise<void> {
    this.onClose(this);
    this.emit('close');
  }
}
