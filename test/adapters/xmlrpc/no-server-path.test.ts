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

  for (const method of ALL_METHODS)
    it(`${method.name}: no fault for generated arguments holds an absolute path (seed ${SEED})`, async () => {
      await checkAsyncProperty(
        fc.asyncProperty(fc.tuple(...method.params.map((param) => valueOf(param.type))), async (params) => {
          const token = method.authenticated ? [wire.string(server.token)] : [];
          const response = await client.send(methodCall(method.name, ...token, ...params));
          const reply = await decodeReply(response.text);
          if (reply.kind !== 'fault') return;
          for (const path of machinePaths)
            assert.ok(
              !reply.faultString.includes(path),
              `fault ${reply.faultCode} names ${path}: ${reply.faultString}`,
            );
        }),
        CALLS_PER_METHOD,
      );
    });
});
