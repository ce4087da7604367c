import { RecordedEvent } from './port';

/** Recent events kept for readers that follow the log; older ones are read from the file. */
const MAX_TAIL_EVENTS = 8_192;

export interface RecentEvents {
  /**
   * This store's newest committed events: every row with a position in (from, end], nothing else.
   * A batch whose `base` (the newest position before it) is not the tail's end follows rows another
   * connection wrote meanwhile, so the tail starts again after them.
   */
  record(base: number, events: readonly RecordedEvent[]): void;
  /** Forgets everything up to `position`: an event there could not be kept. */
  restartAfter(position: number): void;
  /** Events after `after`, at most `maxCount`, or undefined when the tail does not hold `after + 1…`. */
  read(after: number, maxCount: number): readonly RecordedEvent[] | undefined;
  readonly end: () => number;
  /** Stops serving reads for good: someone may now change rows behind the tail's back. */
  disable(): void;
}

/** Deep-frozen, so that one reader cannot change what the next one is served. */
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

export const createRecentEvents = (): RecentEvents => {
  let events: RecordedEvent[] = [];
  // Nothing is known until the first batch says where it started.
  let from = Number.NaN;
  let enabled = true;

  const end = (): number => events[events.length - 1]?.position ?? from;

  /** Index of the first event with a position above `after`. */
  const firstAfter = (after: number): number => {
    let low = 0;
    let high = events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((events[middle]?.position ?? Infinity) > after) high = middle;
      else low = middle + 1;
    }
    return low;
  };

  return {
    record: (base, recorded) => {
      if (!enabled) return;
      if (base !== end()) {
        events = [];
        from = base;
      }
      for (const event of recorded) events.push(deepFreeze(event));
      if (events.length > MAX_TAIL_EVENTS + MAX_TAIL_EVENTS / 4) {
        const dropped = events.splice(0, events.length - MAX_TAIL_EVENTS);
        from = dropped[dropped.length - 1]?.position ?? from;
      }
    },
    restartAfter: (position) => {
      events = [];
      from = position;
    },
    read: (after, maxCount) => {
      if (!enabled || !Number.isSafeInteger(after) || !(after >= from) || after >= end()) return undefined;
      if (!Number.isSafeInteger(maxCount) || maxCount <= 0) return undefined;
      const start = firstAfter(after);
      return events.slice(start, start + maxCount);
    },
    end,
    disable: () => {
      enabled = false;
      events = [];
    },
  };
};
