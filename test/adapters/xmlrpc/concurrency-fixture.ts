import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createFolio, Folio } from '../../../application/folio';
import { silentLogger } from '../../../adapters/log';
import { openSqliteEventStore, SqliteEventStore } from '../../../adapters/store/sqlite';
import { RunningServer, startXmlRpcServer } from '../../../adapters/xmlrpc/server';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { wire } from '../../support/xmlrpc-wire';

export const TOKEN = 'concurrency-token';

export const CLIENTS = 40;

interface Node {
  readonly store: SqliteEventStore;
  readonly folio: Folio;
  readonly server: RunningServer;
}

let folder: string;

const nodes: Node[] = [];

export let clients: RawClient[] = [];

let round = 0;

/**
 * Two Folio servers on one SQLite file (as two processes would share it), each with its own store
 * connection, aggregate cache and read models; the racing clients are spread over both.
 * Call this inside the describe: the two servers and their clients serve all of its tests.
 */
export const useTwoServers = (): void => {
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'folio-concurrency-'));
    for (let index = 0; index < 2; index += 1) {
      const store = openSqliteEventStore(join(folder, 'events.sqlite'));
      const folio = createFolio({ store, snapshotPath: null });
      await folio.start();
      const server = await startXmlRpcServer({
        folio,
        log: silentLogger(),
        port: 0,
        host: '127.0.0.1',
        startupTokens: [TOKEN],
      });
      nodes.push({ store, folio, server });
    }
    clients = Array.from({ length: CLIENTS }, (_, index) =>
      createRawClient(nodes[index % 2]?.server.port ?? 0),
    );
  });

  after(async () => {
    for (const client of clients) client.close();
    for (const node of nodes) {
      await node.server.close();
      await node.folio.stop();
      await node.store.close();
    }
    rmSync(folder, { recursive: true, force: true });
  });
};

/** Both servers' read models have folded everything either wrote. */
export const settle = async (): Promise<void> => {
  for (const node of nodes) await node.folio.projections.catchUp();
};

export const everyClient = <T>(work: (client: RawClient, index: number) => Promise<T>): Promise<T[]> =>
  Promise.all(clients.map((client, index) => work(client, index)));

export type Debit = readonly [amount: string, leaveSome: boolean, leave: string];

/** One race: a restricted account with `opening`, and every client debiting it at once. */
export const race = async (opening: string, debits: readonly Debit[]): Promise<void> => {
  round += 1;
  const user = `payer-${round}`;
  const admin = clients[0] as RawClient;
  await admin.value('api.addNewInternalUser', TOKEN, user, 'pw', user, '', '', '');
  await admin.value('api.setUserProperty', TOKEN, user, 'restricted', 'true');
  await admin.value('api.adjustUserAccountBalance', TOKEN, user, wire.double(opening), 'opening');
  await settle();
  const answers = await everyClient(async (client, index) => {
    const [debit, leaveSome, leave] = debits[index] ?? ['0.01', false, '0'];
    return leaveSome
      ? client.value(
          'api.adjustUserAccountBalanceIfAvailableLeaveRemaining',
          TOKEN,
          user,
          wire.double(`-${debit}`),
          wire.double(leave),
          'race',
        )
      : client.value(
          'api.adjustUserAccountBalanceIfAvailable',
          TOKEN,
          user,
          wire.double(`-${debit}`),
          'race',
        );
  });
  await settle();
  const cents = (text: string) => Math.round(Number(text) * 100);
  const taken = answers.reduce<number>(
    (total, answer, index) => total + (answer === true ? cents(debits[index]?.[0] ?? '0') : 0),
    0,
  );
  assert.ok(
    answers.every((answer) => typeof answer === 'boolean'),
    JSON.stringify(answers),
  );
  const balances = await Promise.all(
    clients.slice(0, 2).map((client) => client.value('api.getUserAccountBalance', TOKEN, user)),
  );
  for (const balance of balances) {
    assert.equal(
      Math.round(Number(balance) * 100),
      cents(opening) - taken,
      'the balance is the opening less every debit answered true',
    );
    assert.ok(Number(balance) >= 0, `never overdrawn: ${String(balance)}`);
  }
};

export const exactlyOneWins = (
  answers: readonly { kind: string; value?: unknown; faultCode?: number }[],
  loserCode: number,
) => {
  const winners = answers.filter((reply) => reply.kind === 'value' && reply.value === true);
  assert.equal(
    winners.length,
    1,
    `exactly one winner: ${JSON.stringify(answers.filter((reply) => reply.kind === 'value'))}`,
  );
  for (const reply of answers.filter((reply) => reply.kind === 'fault'))
    assert.equal(reply.faultCode, loserCode);
};

export const listAll = async (method: string): Promise<string[]> => {
  await settle();
  const lists = await Promise.all(
    clients.slice(0, 2).map((client) => client.value(method, TOKEN, wire.int(0), wire.int(10_000))),
  );
  assert.deepEqual(lists[0], lists[1], 'both servers list the same');
  return lists[0] as string[];
};

export const unique = (names: readonly string[]) => {
  const keys = names.map((name) => name.toLowerCase());
  assert.equal(new Set(keys).size, keys.length, `no two with one name: ${names.join(', ')}`);
};
