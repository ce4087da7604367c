import * as t from 'io-ts';

/** What a compiled decoder returns for a value its codec refuses. */
export const REFUSED: unique symbol = Symbol('refused');
export type Compiled = (u: unknown) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;
const NO_CONTEXT: t.Context = [];

/**
 * Codecs whose decode is `is(u) ? success(u) : failure`: the check alone is the whole decode.
 */
const CHECK_ONLY: ReadonlySet<string> = new Set([
  'StringType',
  'NumberType',
  'BooleanType',
  'LiteralType',
  'KeyofType',
  'NullType',
  'UndefinedType',
  'UnknownType',
]);

interface Tagged {
  readonly _tag?: string;
}

/**
 * Decodes the props of an object as io-ts does: a partial prop may be absent (undefined), and
 * changed values (money text becoming bigint) go into one shallow copy, made on the first change.
 */
const decodeProps = (
  keys: readonly string[],
  decoders: readonly Compiled[],
  partial: readonly boolean[],
  input: Record<string, unknown>,
): Record<string, unknown> | typeof REFUSED => {
  let result = input;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const value = input[key];
    if (value === undefined && partial[index] === true) continue;
    const decoded = (decoders[index] as Compiled)(value);
    if (decoded === REFUSED) return REFUSED;
    if (decoded !== value || (decoded === undefined && !hasOwn.call(input, key))) {
      if (result === input) result = { ...input };
      result[key] = decoded;
    }
  }
  return result;
};

/**
 * The props of an intersection of object codecs, flattened, when every member is a plain `t.type`
 * or `t.partial`: for those io-ts merges the members' results into the input's keys in the input's
 * order, each changed value once, which is what one pass over all the props gives.
 */
const flatProps = (codec: t.Mixed): { keys: string[]; codecs: t.Mixed[]; partial: boolean[] } | undefined => {
  const tag = (codec as Tagged)._tag;
  if (tag === 'InterfaceType' || tag === 'PartialType') {
    const props = (codec as unknown as { props: Record<string, t.Mixed> }).props;
    const keys = Object.keys(props);
    return {
      keys,
      codecs: keys.map((key) => props[key] as t.Mixed),
      partial: keys.map(() => tag === 'PartialType'),
    };
  }
  if (tag === 'IntersectionType') {
    const members = (codec as unknown as { types: readonly t.Mixed[] }).types.map(flatProps);
    if (members.some((member) => member === undefined)) return undefined;
    const flat = { keys: [] as string[], codecs: [] as t.Mixed[], partial: [] as boolean[] };
    for (const member of members as { keys: string[]; codecs: t.Mixed[]; partial: boolean[] }[]) {
      flat.keys.push(...member.keys);
      flat.codecs.push(...member.codecs);
      flat.partial.push(...member.partial);
    }
    // A key named by two members would be merged by io-ts in a way one pass does not copy.
    return new Set(flat.keys).size === flat.keys.length ? flat : undefined;
  }
  return undefined;
};

/**
 * A decoder equivalent to `codec.decode` on success (the same value, shared where io-ts shares it,
 * copied where io-ts copies) that refuses exactly what io-ts refuses, but without building a context
 * and an Either at every node. Built once per codec; a node of a kind not handled here falls back to
 * io-ts itself, so the result is io-ts's in every case. Error messages are not produced: callers ask
 * the codec itself for them when a value is refused, which is rare.
 */
export const compileCodec = (codec: t.Mixed): Compiled => {
  const tag = (codec as Tagged)._tag;
  if (tag !== undefined && CHECK_ONLY.has(tag)) return (u) => (codec.is(u) ? u : REFUSED);
  const flat =
    tag === 'InterfaceType' || tag === 'PartialType' || tag === 'IntersectionType'
      ? flatProps(codec)
      : undefined;
  if (flat !== undefined) {
    const decoders = flat.codecs.map(compileCodec);
    return (u) =>
      t.UnknownRecord.is(u)
        ? decodeProps(flat.keys, decoders, flat.partial, u as Record<string, unknown>)
        : REFUSED;
  }
  if (tag === 'ExactType') {
    const inner = (codec as unknown as { type: t.Mixed }).type;
    const innerFlat = flatProps(inner);
    if (innerFlat !== undefined) {
      const decodeInner = compileCodec(inner);
      const known = new Set(innerFlat.keys);
      return (u) => {
        const decoded = decodeInner(u);
        if (decoded === REFUSED) return REFUSED;
        // As io-ts strips: the same object when nothing is unknown, else a copy of the known keys.
        const record = decoded as Record<string, unknown>;
        const names = Object.getOwnPropertyNames(record);
        if (names.every((name) => known.has(name))) return record;
        const stripped: Record<string, unknown> = {};
        for (const name of names) if (known.has(name)) stripped[name] = record[name];
        return stripped;
      };
    }
  }
  if (tag === 'ArrayType') {
    const decodeItem = compileCodec((codec as unknown as { type: t.Mixed }).type);
    return (u) => {
      if (!Array.isArray(u)) return REFUSED;
      let result: unknown[] = u;
      for (let index = 0; index < u.length; index += 1) {
        const item: unknown = u[index];
        const decoded = decodeItem(item);
        if (decoded === REFUSED) return REFUSED;
        if (decoded !== item) {
          if (result === u) result = u.slice();
          result[index] = decoded;
        }
      }
      return result;
    };
  }
  if (tag === 'UnionType') {
    const members = (codec as unknown as { types: readonly t.Mixed[] }).types.map(compileCodec);
    return (u) => {
      for (const member of members) {
        const decoded = member(u);
        if (decoded !== REFUSED) return decoded;
      }
      return REFUSED;
    };
  }
  if (tag === 'RefinementType') {
    const refinement = codec as unknown as { type: t.Mixed; predicate: (a: unknown) => boolean };
    const decodeBase = compileCodec(refinement.type);
    return (u) => {
      const decoded = decodeBase(u);
      return decoded !== REFUSED && refinement.predicate(decoded) ? decoded : REFUSED;
    };
  }
  // Anything else (a custom type such as Money): io-ts's own validate, without the error context.
  return (u) => {
    const decoded = codec.validate(u, NO_CONTEXT);
    return decoded._tag === 'Right' ? decoded.right : REFUSED;
  };
};
