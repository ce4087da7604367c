import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { UnavailableError } from '@eventstore/db-client';
import { describeStore, isEsdbConnectionString, openStore } from '../../../adapters/store/open';

/** A loopback port that nothing listens on: bound on port 0, then released. */
const closedPort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });

describe('opening an EventStoreDB store by connection string', () => {
  it('recognises esdb:// and esdb+discover:// and masks credentials when showing one', () => {
    assert.ok(isEsdbConnectionString('esdb://localhost:2113?tls=false'));
    assert.ok(isEsdbConnectionString('esdb+discover://admin:changeit@cluster.example:2113'));
    assert.ok(!isEsdbConnectionString('sqlite'));
    assert.ok(!isEsdbConnectionString('./esdb'));
    assert.equal(
      describeStore('esdb+discover://admin:changeit@cluster.example:2113?tls=true', '/data'),
      'EventStoreDB at esdb+discover://***@cluster.example:2113?tls=true',
    );
    assert.equal(describeStore('sqlite', '/data'), '/data (embedded store)');
  });

  it('refuses a connection that would read from followers', async () => {
    assert.throws(() => openStore('esdb://localhost:2113?tls=false&nodePreference=follower', ''), /leader/);
    assert.throws(() => openStore('esdb+discover://a:2113,b:2113?nodePreference=random', ''), /leader/);
    await openStore('esdb://localhost:2113?tls=false&nodePreference=leader', '').close();
  });

  it('an unreachable server is an error, not a hang', async () => {
    const store = openStore(`esdb://127.0.0.1:${await closedPort()}?tls=false`, '');
    await assert.rejects(store.readStream('user-1'), UnavailableError);
    await store.close();
  });

  it('`folio serve --store esdb://…` uses the server and says so when it cannot reach it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'folio-serve-esdb-'));
    try {
      const url = `esdb://127.0.0.1:${await closedPort()}?tls=false`;
      const ran = spawnSync(
        process.execPath,
        [
          resolve(__dirname, '../../../adapters/cli/main.js'),
          'serve',
          '--port',
          '0',
          '--data',
          dataDir,
          '--store',
          url,
        ],
        { encoding: 'utf8', timeout: 30_000 },
      );
      assert.equal(ran.status, 1);
      assert.match(ran.stderr, /folio: .*UNAVAILABLE/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
