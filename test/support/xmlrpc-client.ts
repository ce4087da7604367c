import { createClient } from 'xmlrpc';
import { Folio } from '../../application/folio';
import { silentLogger } from '../../adapters/log';
import { RPC_PATH } from '../../adapters/xmlrpc/http-handler';
import { startXmlRpcServer } from '../../adapters/xmlrpc/server';

export const TEST_TOKEN = 'test-token';

export interface RpcFault {
  readonly faultCode: number;
  readonly faultString: string;
}

/** A real server on an ephemeral loopback port and a client of the `xmlrpc` package talking to it. */
export const serveOverHttp = async (folio: Folio) => {
  const running = await startXmlRpcServer({
    folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TEST_TOKEN],
  });
  const client = createClient({ host: '127.0.0.1', port: running.port ?? 0, path: RPC_PATH });
  const callRaw = (method: string, params: readonly unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) =>
      client.methodCall(method, [...params], (error: unknown, value: unknown) =>
        error ? reject(error) : resolve(value),
      ),
    );
  const call = (method: string, ...params: unknown[]): Promise<unknown> =>
    callRaw(method, [TEST_TOKEN, ...params]);
  /** Calls a method that must fault, and gives the fault. */
  const fault = async (method: string, ...params: unknown[]): Promise<RpcFault> => {
    try {
      await call(method, ...params);
    } catch (error) {
      const { faultCode, faultString } = error as Partial<RpcFault>;
      if (typeof faultCode === 'number' && typeof faultString === 'string') return { faultCode, faultString };
      throw error;
    }
    throw new Error(`${method} did not fault`);
  };
  return { call, callRaw, fault, close: () => running.close(), port: running.port };
};
