import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it, TestContext } from 'node:test';
import { createFolio } from '../../../application/folio';
import { silentLogger } from '../../../adapters/log';
import { fillDiskNextCommit, openSqliteEventStore } from '../../../adapters/store/sqlite';
import { startXmlRpcServer } from '../../../adapters/xmlrpc/server';
import { createRawClient } from '../../support/raw-http-client';
import { decodeReply, methodCall, wire } from '../../support/xmlrpc-wire';

const TOKEN = 'durability-test-token';

const healthOf = (port: number): Promise<{ status: number; body: { status?: string; reason?: string } }> =>
  new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/health', method: 'GET' }, (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(text) as never }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });

/** A server on the SQLite store at `file`, as `folio serve` runs it. */
const serveOn = async (file: string) => {
  const store = openSqliteEventStore(file);
  const folio = createFolio({ store, snapshotPath: null, log: silentLogger() });
  await folio.start();
  const running = await startXmlRpcServer({
    folio,
    log: silentLogger(),
    port: 0,
    host: '127.0.0.1',
    startupTokens: [TOKEN],
  });
  const port = running.port ?? 0;
  const client = createRawClient(port);
  const addUser = async (username: string, fullName = '') =>
    decodeReply(
      (
        await client.send(
          methodCall(
            'api.addNewInternalUser',
            wire.string(TOKEN),
            ...[username, '', fullName, '', '', ''].map(wire.string),
          ),
        )
      ).text,
    );
  const call = async (method: string, ...params: readonly string[]) =>
    decodeReply((await client.send(methodCall(method, wire.string(TOKEN), ...params.map(wire.string)))).text);
  return {
    store,
    port,
    addUser,
    call,
    close: async () => {
      client.close();
      await running.close();
      await folio.stop();
      await store.close();
    },
  };
};

/** A fresh 2 MiB tmpfs, or null (the test skipped) where mounting is not permitted. */
const mountedTmpfs = (t: TestContext): string | null => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'folio-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    t.skip(
      'mounting a tmpfs is not permitted here (needs root); the SQLITE_FULL test above covers the code path',
    );
    return null;
  }
};

/**
 * A fresh 16 MiB ext4 on a loop device, mounted errors=remount-ro, or null (the test skipped) where
 * that is not permitted.
 */
const mountedExt4 = (t: TestContext) => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-ext4-'));
  const image = join(folder, 'disk.img');
  const mountPoint = join(folder, 'mnt');
  const mount = () =>
    execFileSync('mount', ['-o', 'loop,errors=remount-ro', image, mountPoint], { stdio: 'ignore' });
  const device = () => execFileSync('findmnt', ['-n', '-o', 'SOURCE', mountPoint]).toString().trim();
  try {
    execFileSync('truncate', ['-s', '16M', image]);
    execFileSync('mkfs.ext4', ['-q', image], { stdio: 'ignore' });
    mkdirSync(mountPoint);
    mount();
    if (!existsSync(`/sys/fs/ext4/${basename(device())}/trigger_fs_error`)) {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      throw new Error('no trigger_fs_error');
    }
  } catch {
    rmSync(folder, { recursive: true, force: true });
    t.skip('a loop-mounted ext4 with trigger_fs_error is not available here (needs root)');
    return null;
  }
  return {
    mountPoint,
    /** An ext4 error: the kernel remounts the file system read-only at once, open files and all. */
    failReadOnly: () =>
      writeFileSync(`/sys/fs/ext4/${basename(device())}/trigger_fs_error`, 'folio test: read-only folder'),
    /** Unmounts and mounts again: writable. */
    remount: () => {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      mount();
    },
    remove: () => {
      try {
        execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      } catch {
        // Not mounted.
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
};

describe('writes that cannot be made durable', () => {
  it('a commit the disk refuses (SQLITE_FULL): fault 1611, /health 503, both cleared by the next write that succeeds', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-durability-'));
    const server = await serveOn(join(folder, 'events.sqlite'));
    try {
      assert.equal((await healthOf(server.port)).status, 200);
      assert.equal((await server.addUser('alice')).kind, 'value');
      fillDiskNextCommit(server.store);
      // A change big enough to need new pages: the store may not grow by one.
      const refused = await server.call('api.setUserProperty', 'alice', 'notes', 'x'.repeat(200_000));
      assert.equal(
        refused.kind === 'fault' && refused.faultCode,
        1611,
        JSON.stringify(refused).slice(0, 300),
      );
      assert.match(refused.kind === 'fault' ? refused.faultString : '', /the disk is full.*not recorded/);
      assert.doesNotMatch(refused.kind === 'fault' ? refused.faultString : '', new RegExp(folder));
      const health = await healthOf(server.port);
      assert.equal(health.status, 503);
      assert.equal(health.body.reason, 'disk-full');
      // The next write that succeeds clears it.
      assert.equal((await server.call('api.setUserProperty', 'alice', 'notes', 'short')).kind, 'value');
      assert.equal((await healthOf(server.port)).status, 200);
    } finally {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a real full disk (a 2 MiB tmpfs): fault 1611 and /health 503 until room is made and a write succeeds', async (t) => {
    const mountPoint = mountedTmpfs(t);
    if (mountPoint === null) return;
    const server = await serveOn(join(mountPoint, 'events.sqlite'));
    const filler = join(mountPoint, 'filler');
    try {
      assert.deepEqual((await server.addUser('before')).kind, 'value');
      // Take every free block.
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(16 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        closeSync(fd);
      }
      let fault: { faultCode: number; faultString: string } | undefined;
      for (let attempt = 0; attempt < 50 && fault === undefined; attempt += 1) {
        const reply = await server.addUser(`user${attempt}`, 'y'.repeat(250));
        if (reply.kind === 'fault') fault = reply;
      }
      assert.ok(fault !== undefined, 'a write failed once the disk was full');
      assert.equal(fault.faultCode, 1611, fault.faultString);
      const health = await healthOf(server.port);
      assert.equal(health.status, 503);
      assert.ok(
        ['disk-full', 'store-write-failing'].includes(health.body.reason ?? ''),
        JSON.stringify(health.body),
      );
      unlinkSync(filler);
      assert.equal((await server.addUser('after')).kind, 'value');
      assert.equal((await healthOf(server.port)).status, 200);
    } finally {
      await server.close();
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('a data folder the kernel turns read-only under the server: fault 1611 and /health 503; writable again after a remount', async (t) => {
    // `mount -o remount,ro` is refused (EBUSY) while SQLite holds its files open for writing, so a
    // folder turns read-only under a running server only as the kernel's emergency remount after a
    // file-system error (ext4 errors=remount-ro), which stays until the file system is mounted again.
    const disk = mountedExt4(t);
    if (disk === null) return;
    let server = await serveOn(join(disk.mountPoint, 'events.sqlite'));
    try {
      assert.equal((await server.addUser('before')).kind, 'value');
      disk.failReadOnly();
      const refused = await server.addUser('during');
      assert.equal(
        refused.kind === 'fault' && refused.faultCode,
        1611,
        JSON.stringify(refused).slice(0, 300),
      );
      const text = refused.kind === 'fault' ? refused.faultString : '';
      assert.match(text, /not recorded/);
      assert.doesNotMatch(text, new RegExp(disk.mountPoint));
      assert.doesNotMatch(text, new RegExp(tmpdir()), 'no absolute path');
      const health = await healthOf(server.port);
      assert.equal(health.status, 503);
      assert.equal(health.body.reason, 'store-write-failing');
      // Still read-only: still refused, and reads are still served.
      assert.equal((await server.addUser('during2')).kind, 'fault');
      const before = await server.call('api.isUserExists', 'before');
      assert.equal(before.kind === 'value' && before.value, true);
      assert.equal((await healthOf(server.port)).status, 503);
      await server.close();
      disk.remount();
      server = await serveOn(join(disk.mountPoint, 'events.sqlite'));
      assert.equal((await server.addUser('after')).kind, 'value');
      assert.equal((await healthOf(server.port)).status, 200);
      const during = await server.call('api.isUserExists', 'during');
      assert.equal(during.kind === 'value' && during.value, false, 'the refused write was not recorded');
      const kept = await server.call('api.isUserExists', 'before');
      assert.equal(kept.kind === 'value' && kept.value, true);
    } finally {
      await server.close().catch(() => undefined);
      disk.remove();
    }
  });

  it('a data folder made read-only under the server and writable again (chattr +i, -i): 1611 and 503, then writes and 200', async (t) => {
    // As root, chmod does not bite; the immutable flag does, on files already open too (ext4).
    const disk = mountedExt4(t);
    if (disk === null) return;
    const server = await serveOn(join(disk.mountPoint, 'events.sqlite'));
    const everything = () => [
      disk.mountPoint,
      ...readdirSync(disk.mountPoint).map((name) => join(disk.mountPoint, name)),
    ];
    try {
      assert.equal((await server.addUser('before')).kind, 'value');
      execFileSync('chattr', ['+i', ...everything()]);
      const refused = await server.addUser('during');
      assert.equal(
        refused.kind === 'fault' && refused.faultCode,
        1611,
        JSON.stringify(refused).slice(0, 300),
      );
      assert.doesNotMatch(refused.kind === 'fault' ? refused.faultString : '', new RegExp(tmpdir()));
      const health = await healthOf(server.port);
      assert.equal(health.status, 503);
      assert.equal(health.body.reason, 'store-write-failing');
      execFileSync('chattr', ['-i', ...everything()]);
      assert.equal((await server.addUser('after')).kind, 'value');
      assert.equal((await healthOf(server.port)).status, 200);
      const during = await server.call('api.isUserExists', 'during');
      assert.equal(during.kind === 'value' && during.value, false, 'the refused write was not recorded');
    } finally {
      execFileSync('chattr', ['-i', ...everything()]);
      await server.close();
      disk.remove();
    }
  });
});
