import fc from 'fast-check';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_METHODS } from '../../../adapters/xmlrpc/methods';
import { ParamType } from '../../../adapters/xmlrpc/params';
import { repoRoot } from '../../support/paths';
import { checkAsyncProperty, SEED } from '../../support/property';
import { createRawClient, RawClient } from '../../support/raw-http-client';
import { KNOWN_NAMES } from '../../support/xmlrpc-arbitraries';
import { startTestServer, TestServer } from '../../support/xmlrpc-server';
import { decodeReply, methodCall, wire, WireParam } from '../../support/xmlrpc-wire';

/** Calls per method: enough to reach its refusals, few enough for CI. */
const CALLS_PER_METHOD = 4;

/** Strings a caller might send, paths among them — relative ones only, so no absolute path comes from the caller. */
const callerText = fc.oneof(
  fc.constantFrom(...KNOWN_NAMES),
  fc.constantFrom(
    'report.csv',
    '../escape.csv',
    'sub/dir/',
    '',
    '..',
    'x/../../y.csv',
    'backups',
    'imports/u.tsv',
  ),
  fc.string({ maxLength: 12 }),
);

/** Paths that leave the report or import folders: each is refused with a fault that must name no server folder. */
const ESCAPING_PATHS = ['../escape.csv', 'x/../../y.csv', '../../', '../outside/', 'reports/../../z.pdf'];

/**
 * Arguments that reach a method's deep checks: the names of the entities `before` creates, and for
 * locations and files, paths that escape their folder (fault 703 for a saveLocation, ImportFileRefused
 * for a file), besides anything at all.
 */
const PARAM_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  user: fc.constantFrom('alice', 'bob'),
  oldName: fc.constantFrom('alice', 'dept'),
  group: fc.constantFrom('staff', '!!All Users!!'),
  accountName: fc.constantFrom('dept', 'dept\\sub'),
  account: fc.constantFrom('dept', 'dept\\sub'),
  saveLocation: fc.constantFrom(...ESCAPING_PATHS),
  file: fc.constantFrom(...ESCAPING_PATHS, 'missing.tsv', 'imports/u.tsv'),
  reportType: fc.constantFrom('user-history', 'reconciliation'),
  exportTypeExt: fc.constantFrom('csv', 'pdf', 'html'),
};

const valueFor = (param: { readonly name: string; readonly type: ParamType }): fc.Arbitrary<WireParam> => {
  const deep = PARAM_VALUES[param.name];
  return deep === undefined
    ? valueOf(param.type)
    : fc.oneof(
        { weight: 4, arbitrary: deep.map(wire.string) },
        { weight: 1, arbitrary: valueOf(param.type) },
      );
};

const valueOf = (type: ParamType): fc.Arbitrary<WireParam> => {
  switch (type) {
    case 's':
      return callerText.map(wire.string);
    case 'i':
      return fc.integer({ min: -5, max: 1_000 }).map(wire.int);
    case 'd':
      return fc.integer({ min: -10_000, max: 10_000 }).map((cents) => wire.double((cents / 100).toFixed(2)));
    case 'b':
      return fc.boolean().map(wire.boolean);
    case 'a[s]':
      return fc.array(callerText.map(wire.string), { maxLength: 3 }).map((items) => wire.array(...items));
    case 'a[[s,s]]':
      return fc
        .array(fc.tuple(callerText, callerText), { maxLength: 3 })
        .map((pairs) =>
          wire.array(...pairs.map(([name, value]) => wire.array(wire.string(name), wire.string(value)))),
        );
  }
};

describe('no reply names a path of the machine', () => {
  let dataDir: string;
  let server: TestServer;
  let client: RawClient;
  let machinePaths: readonly string[];

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-no-path-'));
    server = await startTestServer({ dataDir });
    client = createRawClient(server.port);
    // Entities the generated calls name, so they pass the lookups and reach the checks behind them.
    const services = server.folio.services;
    const context = { actor: 'test', method: 'test', correlationId: 'no-server-path' };
    for (const username of ['alice', 'bob'])
      await services.users.addNewInternalUser(context, {
        username,
        password: '',
        fullName: '',
        email: '',
        cardId: '',
        pin: '',
      });
    await services.groups.addNewGroup(context, 'staff');
    await services.sharedAccounts.addNewSharedAccount(context, 'dept');
    await services.sharedAccounts.addNewSharedAccount(context, 'dept\\sub');
    machinePaths = [
      ...new Set([
        dataDir,
        realpathSync(dataDir),
        tmpdir(),
        homedir(),
        process.cwd(),
        repoRoot(),
        '/tmp/',
        '/work/',
      ]),
    ].filter((path) => path.length > 1);
  });

  after(async () => {
    client.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const assertNoMachinePath = (reply: { readonly faultCode: number; readonly faultString: string }) => {
    for (const path of machinePaths)
      assert.ok(
        !reply.faultString.includes(path),
        `fault ${reply.faultCode} names ${path}: ${reply.faultString}`,
      );
  };

  it('the generated calls reach the deep faults: 703 for a saveLocation outside the reports folder', async () => {
    const reached = new Set<number>();
    for (const method of ['api.exportUserDataHistory', 'api.generateAdHocReport']) {
      const definition = ALL_METHODS.find((candidate) => candidate.name === method);
      assert.ok(definition !== undefined);
      await fc.assert(
        fc.asyncProperty(fc.tuple(...definition.params.map(valueFor)), async (params) => {
          const reply = await decodeReply(
            (await client.send(methodCall(method, wire.string(server.token), ...params))).text,
          );
          if (reply.kind !== 'fault') return;
          reached.add(reply.faultCode);
          assertNoMachinePath(reply);
        }),
        { seed: SEED, numRuns: 20 },
      );
    }
    assert.ok(reached.has(703), `faults reached: ${[...reached].join(', ')}`);
  });

  for (const method of ALL_METHODS)
    it(`${method.name}: no fault for generated arguments holds an absolute path (seed ${SEED})`, async () => {
      await checkAsyncProperty(
        fc.asyncProperty(fc.tuple(...method.params.map(valueFor)), async (params) => {
          const token = method.authenticated ? [wire.string(server.token)] : [];
          const response = await client.send(methodCall(method.name, ...token, ...params));
          const reply = await decodeReply(response.text);
          if (reply.kind !== 'fault') return;
          assertNoMachinePath(reply);
        }),
        CALLS_PER_METHOD,
      );
    });
});
