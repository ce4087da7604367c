import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFolioProcess } from '../../support/folio-process';
import { createRawClient } from '../../support/raw-http-client';
import { wire } from '../../support/xmlrpc-wire';

const TOKEN = 'snapshot-binding-token';
const SNAPSHOT = 'read-models.snapshot';

/**
 * What a careful attacker does to the snapshot: raise a balance and recompute the body's SHA-256 so
 * the header still matches. Returns how many places were changed.
 */
const raiseBalanceInSnapshot = (path: string, fromMicros: string, toMicros: string): number => {
  const text = readFileSync(path, 'utf8');
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
  const before = `{"$bigint":"${fromMicros}"}`;
  const parts = text.slice(newline + 1).split(before);
  const body = parts.join(`{"$bigint":"${toMicros}"}`);
  header['bodySha256'] = createHash('sha256').update(body).digest('hex');
  writeFileSync(path, `${JSON.stringify(header)}\n${body}`);
  return parts.length - 1;
};

describe('the read-model snapshot is bound to the log and to the data folder key', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'folio-snapshot-binding-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('a balance raised by 1000 inside read-models.snapshot (SHA-256 recomputed) is refused at restart', async () => {
    const dataDir = join(folder, 'edited');
    let server = await startFolioProcess(dataDir, TOKEN);
    let client = createRawClient(server.port);
    await client.value('api.addNewInternalUser', TOKEN, 'alice', 'pw', 'Alice', '', '', '');
    await client.value('api.adjustUserAccountBalance', TOKEN, 'alice', wire.double('12.74'), 'top-up');
    client.close();
    assert.equal(await server.stop(), 0, server.stderr());

    const header = JSON.parse(readFileSync(join(dataDir, SNAPSHOT), 'utf8').split('\n')[0] ?? '') as {
      seal?: string;
    };
    assert.equal(typeof header.seal, 'string', 'the server seals the snapshot it writes');
    assert.ok(raiseBalanceInSnapshot(join(dataDir, SNAPSHOT), '12740000', '1012740000') > 0);

    server = await startFolioProcess(dataDir, TOKEN);
    client = createRawClient(server.port);
    assert.equal(await client.value('api.getUserAccountBalance', TOKEN, 'alice'), 12.74);
    client.close();
    assert.equal(await server.stop(), 0, server.stderr());
    assert.match(server.stderr(), /"event":"snapshot-refused".*seal does not hold/);

    // The untouched snapshot written at that stop is used again at the next start, silently.
    server = await startFolioProcess(dataDir, TOKEN);
    client = createRawClient(server.port);
    assert.equal(await client.value('api.getUserAccountBalance', TOKEN, 'alice'), 12.74);
    client.close();
    assert.equal(await server.stop(), 0, server.stderr());
    assert.doesNotMatch(server.stderr(), /snapshot-refused/);
  });

  it('a deleted snapshot makes the server fold the log and answer the same balance', async () => {
    const dataDir = join(folder, 'deleted');
    let server = await startFolioProcess(dataDir, TOKEN);
    let client = createRawClient(server.port);
    await client.value('api.addNewInternalUser', TOKEN, 'bob', 'pw', 'Bob', '', '', '');
    await client.value('api.adjustUserAccountBalance', TOKEN, 'bob', wire.double('3.5'), 'top-up');
    client.close();
    assert.equal(await server.stop(), 0, server.stderr());
    rmSync(join(dataDir, SNAPSHOT));
    server = await startFolioProcess(dataDir, TOKEN);
    client = createRawClient(server.port);
    assert.equal(await client.value('api.getUserAccountBalance', TOKEN, 'bob'), 3.5);
    client.close();
    assert.equal(await server.stop(), 0, server.stderr());
  });
});
