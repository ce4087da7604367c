import { Either, isLeft, left, right } from 'fp-ts/Either';
import { DomainError } from '../../domain/errors';
import { Folio } from '../../application/folio';
import { RequestContext } from '../../application/envelope';
import { ParamCodec, ParamType, typeWord } from './params';
import { replies, Reply } from './replies';
import { WireValue } from './wire-values';

export type Tier = 'seed' | 'extended' | 'mf';
export type ReturnType = keyof typeof replies | 'st';

type Params = Readonly<Record<string, ParamCodec<unknown>>>;
type ArgsOf<P extends Params> = { readonly [K in keyof P]: P[K] extends ParamCodec<infer T> ? T : never };
/** A call's arguments by parameter name, as the handler takes them (an omitted optional one is undefined). */
export type MethodArgs = Readonly<Record<string, unknown>>;
type ReplyInput<R extends ReturnType> = R extends keyof typeof replies
  ? Parameters<(typeof replies)[R]>[0]
  : Reply;

export type Outcome<T> = Either<DomainError, T> | Promise<Either<DomainError, T>>;

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly optional: boolean;
}

/** One API method: its signature (after the auth token), what it returns, and the service call it makes. */
export interface MethodDefinition {
  readonly name: string;
  readonly tier: Tier;
  readonly area: string;
  readonly params: readonly ParamSpec[];
  readonly returns: ReturnType;
  /** false only for api.getTaskStatus, which takes no auth token. */
  readonly authenticated: boolean;
  /**
   * The handler's arguments by name, each decoded by its parameter's codec, or why one does not fit:
   * `parameter amount: 'abc' is not a number`.
   */
  readonly decode: (values: readonly WireValue[]) => Either<string, MethodArgs>;
  /** Runs the handler on what `decode` gave and encodes its reply. */
  readonly invoke: (
    folio: Folio,
    context: RequestContext,
    args: MethodArgs,
  ) => Promise<Either<DomainError, Reply>>;
}

export interface MethodSpec<P extends Params, R extends ReturnType> {
  readonly name: string;
  readonly tier: Tier;
  readonly area: string;
  readonly params: P;
  readonly returns: R;
  readonly authenticated?: boolean;
  readonly handler: (folio: Folio, context: RequestContext, args: ArgsOf<P>) => Outcome<ReplyInput<R>>;
}

export const defineMethod = <P extends Params, R extends ReturnType>(
  spec: MethodSpec<P, R>,
): MethodDefinition => {
  const fields = Object.entries(spec.params);
  const encode = (value: ReplyInput<R>): Reply =>
    spec.returns === 'st'
      ? (value as Reply)
      : (replies[spec.returns as keyof typeof replies] as (input: unknown) => Reply)(value);
  return {
    name: spec.name,
    tier: spec.tier,
    area: spec.area,
    returns: spec.returns,
    authenticated: spec.authenticated ?? true,
    params: fields.map(([name, codec]) => ({ name, type: codec.type, optional: codec.optional })),
    decode: (values) => {
      const args: Record<string, unknown> = {};
      for (const [index, [name, codec]] of fields.entries()) {
        const value = values[index];
        if (value === undefined) {
          args[name] = undefined;
          continue;
        }
        const result = codec.decode(value);
        if (isLeft(result)) return left(`parameter ${name}: ${result.left}`);
        args[name] = result.right;
      }
      return right(args);
    },
    invoke: async (folio, context, args) => {
      // `decode` built the record from these very parameters.
      const outcome = await spec.handler(folio, context, args as ArgsOf<P>);
      return isLeft(outcome) ? outcome : right(encode(outcome.right));
    },
  };
};

/** How many parameters (after the token) a call may carry. */
export const arity = (method: MethodDefinition): { readonly min: number; readonly max: number } => ({
  min: method.params.filter((param) => !param.optional).length,
  max: method.params.length,
});

/** Every accepted overload, as `(string authToken, string user, double amount, …)`. */
export const describeSignatures = (method: MethodDefinition): readonly string[] => {
  const { min, max } = arity(method);
  const token = method.authenticated ? ['string authToken'] : [];
  const overloads: string[] = [];
  for (let count = min; count <= max; count += 1) {
    overloads.push(
      `(${[...token, ...method.params.slice(0, count).map((param) => `${typeWord(param.type)} ${param.name}`)].join(', ')})`,
    );
  }
  return overloads;
};

/** The signature in methods.tsv notation, e.g. `user:s, amount:d, comment:s, accountName:s?`. */
export const tsvSignature = (method: MethodDefinition): string =>
  method.params.map((param) => `${param.name}:${param.type}${param.optional ? '?' : ''}`).join(', ');

/** Helper for handlers of queries that cannot fail. */
export const always = <T>(value: T): Either<DomainError, T> => right(value);
