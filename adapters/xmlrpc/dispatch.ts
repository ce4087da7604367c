import { randomUUID } from 'node:crypto';
import { isLeft, isRight } from 'fp-ts/Either';
import { Folio } from '../../application/folio';
import { RequestContext } from '../../application/envelope';
import { Logger } from '../log';
import { StoreDurability, StoreWritesRefusedError } from '../store/port';

/** Why a write failed, in words that name no server path (a store's detail may). */
const NOT_DURABLE: Record<
  Exclude<Extract<StoreDurability, { durable: false }>['reason'], 'store-damaged'>,
  string
> = {
  'disk-full': 'the disk is full',
  'store-write-failing': 'the store cannot be written: a read-only folder or a failing disk',
  'data-folder-unwritable': 'the data folder cannot be written',
};
import { Authentication } from './auth';
import { AuthThrottle } from './auth-throttle';
import {
  domainFault,
  Fault,
  malformedRequest,
  noSuchMethod,
  notSupportedMethod,
  privilegedOnly,
  PROTOCOL_FAULTS,
  tooManyFailures,
  wrongSignature,
} from './faults';
import { arity, describeSignatures, MethodDefinition } from './method';
import { str } from './params';
import { Reply, replyString } from './replies';
import { privilegedTarget } from './secret-config';
import { javaTypeName, MethodCall, WireValue } from './wire-values';

/** A call runs at most this long; the caller gets a fault, and the server stays free for others. */
export const CALL_TIMEOUT_MS = 30_000;
/** Calls one system.multicall may bundle. */
export const MAX_MULTICALL = 1_000;

export type CallResult = { readonly reply: Reply } | { readonly fault: Fault };

export interface Peer {
  readonly ip: string;
  /** The connection the call came on (its socket), so per-connection work is done once per connection. */
  readonly connection?: object;
}

export interface DispatcherOptions {
  readonly folio: Folio;
  readonly methods: ReadonlyMap<string, MethodDefinition>;
  readonly authenticate: (token: string, connection?: object) => Authentication | Promise<Authentication>;
  readonly log: Logger;
  readonly callTimeoutMs?: number;
  /** Failed authentications per address; without it, failures are only logged. */
  readonly throttle?: AuthThrottle;
}

class Timeout extends Error {}

/** One promise and one timer per call (Promise.race with .finally made three promises). */
const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Timeout()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

/** faultString before faultCode, in the order PaperCut's Apache XML-RPC server writes a fault struct. */
const faultReply = (fault: Fault): Reply => ({
  faultString: replyString(fault.faultString),
  faultCode: fault.faultCode,
});

/**
 * Turns a parsed call into a reply or a fault: unknown methods, refused tokens, wrong signatures and
 * domain errors all become faults that name the problem; nothing a handler does can escape as a crash.
 */
export const createDispatcher = (options: DispatcherOptions) => {
  const timeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;

  const callMethod = async (call: MethodCall, peer: Peer): Promise<CallResult> => {
    const method = options.methods.get(call.methodName);
    if (method === undefined) return { fault: noSuchMethod(call.methodName) };
    let params: readonly WireValue[] = call.params;
    let actor = 'anonymous';
    let privileged = false;
    if (method.authenticated) {
      const blockedForMs = options.throttle?.blockedForMs(peer.ip) ?? 0;
      if (blockedForMs > 0) return { fault: tooManyFailures(blockedForMs) };
      // Decoded like any string parameter: Perl sends a digit-only token as <int>, non-ASCII as <base64>.
      const token = params[0] === undefined ? undefined : str.required.decode(params[0]);
      const auth =
        token !== undefined && isRight(token)
          ? await options.authenticate(token.right, peer.connection)
          : { ok: false as const };
      if (!auth.ok) {
        const verdict = options.throttle?.recordFailure(peer.ip) ?? 'counted';
        // The token itself is never logged: a near miss is often a real token with a typo.
        options.log.warn(
          { event: 'authentication-failed', method: call.methodName, ip: peer.ip },
          'authentication failed',
        );
        if (verdict === 'now-blocked')
          options.log.warn(
            { event: 'authentication-throttled', ip: peer.ip },
            'too many failed authentications: address refused for a while',
          );
        return { fault: PROTOCOL_FAULTS.authenticationFailed };
      }
      actor = auth.actor;
      privileged = auth.privileged;
      params = params.slice(1);
    }
    if (method.tier === 'mf') return { fault: notSupportedMethod(method.name) };
    const { min, max } = arity(method);
    const mismatch = (reason?: string) => ({
      fault: wrongSignature(method.name, call.params.map(javaTypeName), describeSignatures(method), reason),
    });
    if (params.length < min || params.length > max) return mismatch();
    const args = method.decode(params);
    if (isLeft(args)) return mismatch(args.left);
    const guarded = privileged ? null : privilegedTarget(method.name, args.right);
    if (guarded !== null) {
      options.log.warn(
        { event: 'privileged-call-refused', method: method.name, actor, ip: peer.ip },
        'credentials need the admin password',
      );
      return { fault: privilegedOnly(guarded) };
    }
    const context: RequestContext = { actor, method: method.name, correlationId: randomUUID(), ip: peer.ip };
    try {
      const outcome = await withTimeout(method.invoke(options.folio, context, args.right), timeoutMs);
      return isLeft(outcome) ? { fault: domainFault(outcome.left) } : { reply: outcome.right };
    } catch (error) {
      if (error instanceof Timeout) {
        options.log.error(
          { event: 'call-timeout', method: method.name, correlationId: context.correlationId },
          'call timed out',
        );
        return { fault: PROTOCOL_FAULTS.timeout };
      }
      // Whichever path wrote (a command, a task, a recovery step), a store that lost its files says so.
      if (error instanceof StoreWritesRefusedError)
        return { fault: domainFault({ code: 'StoreWritesRefused', reason: error.reason }) };
      // A commit the disk could not take (full, read-only, failing): the caller is told so, not "internal error".
      const durability = options.folio.storeStatus.durability();
      if (durability !== undefined && !durability.durable && durability.reason !== 'store-damaged')
        return { fault: domainFault({ code: 'StoreNotDurable', reason: NOT_DURABLE[durability.reason] }) };
      options.log.error(
        { event: 'call-failed', method: method.name, correlationId: context.correlationId, err: error },
        'call failed',
      );
      return { fault: PROTOCOL_FAULTS.internalError };
    }
  };

  /** system.multicall: each call answered in turn; a nested multicall is refused. */
  const multicall = async (call: MethodCall, peer: Peer): Promise<CallResult> => {
    const list = call.params[0];
    if (call.params.length !== 1 || list === undefined || list.kind !== 'array')
      return {
        fault: wrongSignature('system.multicall', call.params.map(javaTypeName), [
          '(array of {methodName, params} structs)',
        ]),
      };
    if (list.items.length > MAX_MULTICALL)
      return { fault: malformedRequest(`system.multicall holds more than ${MAX_MULTICALL} calls`) };
    const replies: Reply[] = [];
    for (const item of list.items) {
      const name = item.kind === 'struct' ? item.members.get('methodName') : undefined;
      const params = item.kind === 'struct' ? item.members.get('params') : undefined;
      if (name?.kind !== 'string' || (params !== undefined && params.kind !== 'array')) {
        replies.push(
          faultReply(malformedRequest('each multicall entry is a struct with methodName and params')),
        );
        continue;
      }
      if (name.value === 'system.multicall') {
        replies.push(faultReply(malformedRequest('system.multicall cannot be nested')));
        continue;
      }
      const result = await dispatch(
        { methodName: name.value, params: params?.kind === 'array' ? params.items : [] },
        peer,
      );
      replies.push('fault' in result ? faultReply(result.fault) : [result.reply]);
    }
    return { reply: replies };
  };

  const dispatch = async (call: MethodCall, peer: Peer): Promise<CallResult> => {
    switch (call.methodName) {
      case 'system.listMethods':
        return {
          reply: ['system.listMethods', 'system.multicall', ...[...options.methods.keys()].sort()].map(
            replyString,
          ),
        };
      case 'system.multicall':
        return multicall(call, peer);
      default: {
        // The log line's object is only built when someone reads it: at the default level it never is.
        if (!options.log.isLevelEnabled('debug')) return callMethod(call, peer);
        const started = performance.now();
        const result = await callMethod(call, peer);
        // One line per call at debug level: the method, never its parameters (they hold tokens and PINs).
        options.log.debug(
          {
            event: 'call',
            method: call.methodName,
            ip: peer.ip,
            ms: Math.round(performance.now() - started),
            ...('fault' in result ? { faultCode: result.fault.faultCode } : {}),
          },
          'call',
        );
        return result;
      }
    }
  };

  return dispatch;
};

export type Dispatcher = ReturnType<typeof createDispatcher>;
