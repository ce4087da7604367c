import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCheckpoint } from '../../../application/audit/checkpoint';
import { startFolioProcess } from '../../support/folio-process';
import { createRawClient } from '../../support/raw-http-client';

const TOKEN = 'server-checkpoints-token';

const checkpointsIn = (dataDir: string): string[] => {
  const dir = join(dataDir, 'checkpoints');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
};

describe('the running server signs a checkpoint of the log every checkpointIntervalSeconds', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'folio-server-checkpoints-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('a write is covered by a signed checkpoint within the interval; an idle log gets no new one', async () => {
    const dataDir = join(folder, 'data');
    const settings = join(folder, 'settings.json');
    writeFileSync(settings, JSON.stringify({ checkpointIntervalSeconds: 1 }));
    const server = await startFolioProcess(dataDir, TOKEN, {
      env: { FOLIO_CONFIG: settings, FOLIO_LOG_LEVEL: 'info' },
    });
    const client = createRawClient(server.port);
    await client.value('api.addNewInternalUser', TOKEN, 'carol', 'pw', 'Carol', '', '', '');
    client.close();
    // Polled, not timed: the machine may be slow; the test only fails if none ever appears.
    for (let tries = 0; checkpointsIn(dataDir).length === 0 && tries < 600; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const names = checkpointsIn(dataDir);
    assert.equal(names.length, 1, server.stderr());
    const checkpoint = parseCheckpoint(readFileSync(join(dataDir, 'checkpoints', names[0] ?? ''), 'utf8'));
    assert.ok(checkpoint.size > 0);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(await server.stop(), 0, server.stderr());
    assert.deepEqual(checkpointsIn(dataDir), names, 'no checkpoint is signed while the log does not grow');
    assert.match(server.stderr(), /"event":"checkpoint-signed"/);
  });
});
