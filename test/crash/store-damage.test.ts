import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EVENTS_FILE } from '../../adapters/store/open';
import { HEAD_FILE, readHeadFile } from '../../adapters/store/store-head';
import { folioBin, FolioProcess, run, runFolioServe, startFolioProcess } from '../support/folio-process';
import { createRawClient } from '../support/raw-http-client';
import { wire } from '../support/xmlrpc-wire';

/**
 * A damaged or missing store under a real `folio serve`: files deleted, the database or the WAL cut
 * short while it runs, a WAL frame corrupted after a SIGKILL. Each time the server stops
 * acknowledging writes or refuses to start, naming what it found; it never serves what is left as
 * the whole ledger.
 */

const TOKEN = 'store-damage-token';
const USER = 'damage-user';
const DATABASE = EVENTS_FILE;
const WAL = `${EVENTS_FILE}-wal`;
/** How long the test waits for the head file to catch up with the store (it lags by design). */
const HEAD_WAIT_MS = 15_000;
const START_TIMEOUT_MS = 30_000;

const withDataFolder = async (body: (dataDir: string) => Promise<void>): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'folio-store-damage-'));
  try {
    await body(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Acknowledged balance changes: each reply `true` promises the change is durable. */
const acknowledgedWrites = async (server: FolioProcess, count: number): Promise<void> => {
  const client = createRawClient(server.port);
  try {
    await client.value('api.addNewInternalUser', TOKEN, USER, 'pw', USER, `${USER}@example.org`, '', '');
    for (let index = 0; index < count; index += 1)
      await client.value('api.adjustUserAccountBalance', TOKEN, USER, wire.double('1.00'), `w${index}`);
  } finally {
    client.close();
  }
};

/** The next write, which must be refused with the store fault. */
const refusedWrite = async (server: FolioProcess): Promise<{ faultCode: number; faultString: string }> => {
  const client = createRawClient(server.port);
  try {
    return await client.fault('api.adjustUserAccountBalance', TOKEN, USER, wire.double('1.00'), 'after');
  } finally {
    client.close();
  }
};

const health = (port: number): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/health' }, (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

/** The store's newest position, read beside the running server (WAL readers never block it). */
const storeHead = (dataDir: string): number => {
  const db = new Database(join(dataDir, DATABASE), { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare<[], { position: number }>('SELECT MAX(position) AS position FROM events').get()?.position ??
      0
    );
  } finally {
    db.close();
  }
};

/** Waits until ledger.head records the store's newest position; returns it. */
const headCaughtUp = async (dataDir: string): Promise<number> => {
  const position = storeHead(dataDir);
  const deadline = Date.now() + HEAD_WAIT_MS;
  while ((readHeadFile(join(dataDir, HEAD_FILE))?.position ?? 0) < position) {
    if (Date.now() > deadline) assert.fail(`ledger.head did not reach position ${position}`);
    await sleep(50);
  }
  return position;
};

/** `folio serve` that must refuse to start: its exit code and what it said. */
const refusedStart = async (dataDir: string, extra: readonly string[] = []) => {
  const result = await runFolioServe(dataDir, TOKEN, extra, START_TIMEOUT_MS);
  assert.notEqual(result.code, 0, `folio serve must refuse to start:\n${result.stdout}\n${result.stderr}`);
  assert.doesNotMatch(result.stdout, /auth:/, 'no banner: it never listened');
  return result;
};

/** The log line the server writes when it finds its files damaged, as JSON. */
const damageLogged = (server: FolioProcess): string => {
  const line = server
    .stderr()
    .split('\n')
    .find((entry) => entry.includes('"event":"store-file-replaced"'));
  assert.ok(line !== undefined, `a store-file-replaced log line:\n${server.stderr()}`);
  return line;
};

describe('a damaged or missing store under a running folio serve', () => {
  it('files deleted while running: writes are refused, /health is 503, the restart is refused; --accept-store-loss starts and logs the loss', () =>
    withDataFolder(async (dataDir) => {
      const server = await startFolioProcess(dataDir, TOKEN);
      let recorded = 0;
      try {
        await acknowledgedWrites(server, 20);
        recorded = await headCaughtUp(dataDir);
        for (const file of [DATABASE, WAL, `${EVENTS_FILE}-shm`]) unlinkSync(join(dataDir, file));
        const fault = await refusedWrite(server);
        assert.equal(fault.faultCode, 1610);
        assert.match(fault.faultString, /store file was removed, replaced or damaged under the server/);
        assert.match(fault.faultString, /folio-events\.sqlite was removed/);
        const answer = await health(server.port);
        assert.equal(answer.status, 503);
        assert.match(answer.body, /store-damaged/);
        assert.match(damageLogged(server), /was removed/);
      } finally {
        await server.stop();
      }
      assert.equal(existsSync(join(dataDir, DATABASE)), false, 'stopping created no store');

      const refused = await refusedStart(dataDir);
      assert.match(
        refused.stderr,
        new RegExp(`folio-events\\.sqlite is missing, but ledger\\.head .*records position ${recorded}`),
      );
      assert.equal(existsSync(join(dataDir, DATABASE)), false, 'the refused start created no empty store');

      const accepted = await startFolioProcess(dataDir, TOKEN, { args: ['--accept-store-loss'] });
      try {
        assert.match(accepted.stderr(), /"event":"store-loss-accepted"/);
        assert.match(accepted.stderr(), new RegExp(`records position ${recorded}`));
      } finally {
        assert.equal(await accepted.stop(), 0);
      }
      // The loss was accepted once: the next start needs no flag.
      const next = await startFolioProcess(dataDir, TOKEN);
      assert.equal(await next.stop(), 0);
    }));

  it('the database truncated while running: writes are refused; the restart is refused as malformed', () =>
    withDataFolder(async (dataDir) => {
      const server = await startFolioProcess(dataDir, TOKEN);
      try {
        await acknowledgedWrites(server, 10);
        await headCaughtUp(dataDir);
        const file = join(dataDir, DATABASE);
        truncateSync(file, Math.floor(statSync(file).size / 2));
        const fault = await refusedWrite(server);
        assert.equal(fault.faultCode, 1610);
        assert.match(fault.faultString, /database file folio-events\.sqlite was truncated/);
        assert.equal((await health(server.port)).status, 503);
        damageLogged(server);
      } finally {
        await server.stop();
      }
      const refused = await refusedStart(dataDir);
      assert.match(refused.stderr, /folio-events\.sqlite is malformed .*it was truncated/);
    }));

  it('the database truncated while stopped: the restart is refused as malformed', () =>
    withDataFolder(async (dataDir) => {
      const server = await startFolioProcess(dataDir, TOKEN);
      try {
        await acknowledgedWrites(server, 30);
      } finally {
        assert.equal(await server.stop(), 0);
      }
      const file = join(dataDir, DATABASE);
      truncateSync(file, Math.floor(statSync(file).size / 2));
      const refused = await refusedStart(dataDir);
      assert.match(refused.stderr, /folio-events\.sqlite is malformed .*truncated/);
    }));

  it('the WAL truncated while running: writes are refused; the restart is refused, the store being behind ledger.head', () =>
    withDataFolder(async (dataDir) => {
      const server = await startFolioProcess(dataDir, TOKEN);
      let recorded = 0;
      try {
        await acknowledgedWrites(server, 30);
        recorded = await headCaughtUp(dataDir);
        const file = join(dataDir, WAL);
        truncateSync(file, Math.floor(statSync(file).size / 2));
        const fault = await refusedWrite(server);
        assert.equal(fault.faultCode, 1610);
        assert.match(fault.faultString, /write-ahead log \(-wal\) folio-events\.sqlite-wal was truncated/);
        assert.equal((await health(server.port)).status, 503);
        damageLogged(server);
      } finally {
        await server.stop();
      }
      const refused = await refusedStart(dataDir);
      assert.match(
        refused.stderr,
        new RegExp(`the store ends at position \\d+, but ledger\\.head .*records position ${recorded}`),
      );
    }));

  it('a corrupt WAL frame after a SIGKILL: the restart is refused and folio verify fails, both naming the two positions', () =>
    withDataFolder(async (dataDir) => {
      const server = await startFolioProcess(dataDir, TOKEN);
      let recorded = 0;
      try {
        await acknowledgedWrites(server, 40);
        recorded = await headCaughtUp(dataDir);
      } finally {
        await server.kill();
      }
      corruptMiddleFrame(join(dataDir, WAL));

      const verify = await run(process.execPath, [folioBin(), 'verify', '--data', dataDir, '--no-progress']);
      assert.equal(
        verify.code,
        6,
        `folio verify exits 6 (verification):\n${verify.stdout}\n${verify.stderr}`,
      );
      assert.match(verify.stdout, new RegExp(`ledger\\.head .*records position ${recorded}`));

      const refused = await refusedStart(dataDir);
      assert.match(
        refused.stderr,
        new RegExp(
          `the store ends at position (\\d+), but ledger\\.head .*records position ${recorded}.*lost acknowledged events`,
        ),
      );
      const storePosition = Number(/the store ends at position (\d+)/.exec(refused.stderr)?.[1]);
      assert.ok(
        storePosition < recorded,
        `SQLite dropped the frames from the corrupt one on (${storePosition} < ${recorded})`,
      );
    }));
});

/**
 * Flips bytes in the page of the middle frame of the WAL's current generation (the frames whose salts
 * match the header's); SQLite's recovery then keeps only the frames before it.
 */
const corruptMiddleFrame = (walPath: string): void => {
  const wal = readFileSync(walPath);
  const pageSize = wal.readUInt32BE(8);
  const salts = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  const frames: number[] = [];
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    if (wal.readUInt32BE(offset + 8) !== salts[0] || wal.readUInt32BE(offset + 12) !== salts[1]) break;
    frames.push(offset);
  }
  assert.ok(frames.length >= 4, `the WAL holds frames to corrupt (${frames.length})`);
  const frame = frames[Math.floor(frames.length / 2)] ?? 0;
  for (let index = 0; index < 16; index += 1) {
    const at = frame + 24 + 200 + index;
    wal.writeUInt8((wal.readUInt8(at) ^ 0xff) & 0xff, at);
  }
  writeFileSync(walPath, wal);
};
