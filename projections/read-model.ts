import { EventEnvelope } from '../domain/envelope';

/**
 * A read model folds events, in log order, into the state queries read. Its snapshot is canonical
 * (sorted, no incidental order), so a model rebuilt from an empty state serialises to the very same
 * bytes as one kept up to date event by event.
 */
export interface ReadModel {
  readonly name: string;
  apply(envelope: EventEnvelope): void;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/** JSON that carries bigint (money) values losslessly and sorts nothing implicitly. */
export const encodeSnapshot = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));

export const decodeSnapshot = (text: string): unknown =>
  JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const record = v as Record<string, unknown>;
      if (typeof record.$bigint === 'string' && Object.keys(record).length === 1)
        return BigInt(record.$bigint);
    }
    return v;
  });

/** What decodeSnapshot's reviver does, on a value already parsed: `{ $bigint }` objects become bigints. */
export const reviveBigints = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) value[index] = reviveBigints(value[index]);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = reviveBigints(record[key]);
  if (typeof record.$bigint === 'string' && Object.keys(record).length === 1) return BigInt(record.$bigint);
  return record;
};

export const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
