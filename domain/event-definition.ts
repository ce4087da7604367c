import * as t from 'io-ts';

/**
 * One event type at one version: its name, the codec of its payload (the single source of its type)
 * and a sentence for the event catalogue. Stored events are `{type, version, data}`; the codec
 * validates `data` every time an event crosses a boundary (store, wire, file).
 */
export interface EventDefinition<Type extends string, Data extends t.Mixed> {
  readonly type: Type;
  readonly version: number;
  readonly description: string;
  readonly data: Data;
  readonly codec: t.TypeC<{ type: t.LiteralC<Type>; data: Data }>;
}

/** Any event definition, for registries that hold them all. */
export interface AnyEventDefinition {
  readonly type: string;
  readonly version: number;
  readonly description: string;
  readonly data: t.Mixed;
  readonly codec: t.Mixed;
}

export const defineEvent = <Type extends string, Data extends t.Mixed>(
  type: Type,
  version: number,
  description: string,
  data: Data,
): EventDefinition<Type, Data> => ({
  type,
  version,
  description,
  data,
  codec: t.type({ type: t.literal(type), data }, `${type}.v${version}`),
});

export type EventOf<D> = D extends { readonly codec: infer C extends t.Mixed } ? t.TypeOf<C> : never;

/** Optional text fields as a partial record whose keys are a closed set. */
export const partialStrings = <K extends string>(
  keys: readonly K[],
): t.ExactC<t.PartialC<Record<K, t.StringC>>> =>
  t.exact(t.partial(Object.fromEntries(keys.map((k) => [k, t.string])) as Record<K, t.StringC>));
