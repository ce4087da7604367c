import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, TestContext } from 'node:test';
import { EXIT } from '../../../adapters/cli/exit-codes';
import { runFolioServe, startFolioProcess } from '../../support/folio-process';

const TOKEN = 'read-only-folder-token';

const serve = (dataDir: string) => runFolioServe(dataDir, TOKEN);

/** A fresh tmpfs, or null (the test skipped) where mounting is not permitted (as root, chmod does not bite). */
const mountedTmpfs = (t: TestContext): string | null => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'folio-ro-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    return mountPoint;
  } catch {
    rmSync(mountPoint, { recursive: true, force: true });
    t.skip('mounting a tmpfs is not permitted here (needs root)');
    return null;
  }
};

const unmount = (mountPoint: string): void => {
  execFileSync('umount', [mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
};

describe('folio serve on a read-only data folder', () => {
  it('refuses to start, naming the folder and why, and serves it again once it is writable', async (t) => {
    const mountPoint = mountedTmpfs(t);
    if (mountPoint === null) return;
    const dataDir = join(mountPoint, 'data');
    try {
      const first = await startFolioProcess(dataDir, TOKEN);
      assert.equal(await first.stop(), 0);
      execFileSync('mount', ['-o', 'remount,ro', mountPoint], { stdio: 'ignore' });

      const refused = await serve(dataDir);
      assert.equal(refused.code, EXIT.failure, refused.stderr);
      assert.match(refused.stderr, /the data folder .*data cannot be written \(EROFS\)/);
      assert.match(refused.stderr, /does not start on a read-only folder/);
      assert.doesNotMatch(refused.stdout, /Folio is serving/);

      // A folder still to be made on a read-only mount says the same, not ENOENT.
      const fresh = await serve(join(mountPoint, 'fresh', 'data'));
      assert.equal(fresh.code, EXIT.failure, fresh.stderr);
      assert.match(fresh.stderr, /cannot be written \(EROFS\)/);

      execFileSync('mount', ['-o', 'remount,rw', mountPoint], { stdio: 'ignore' });
      const again = await startFolioProcess(dataDir, TOKEN);
      assert.equal(await again.stop(), 0);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint], { stdio: 'ignore' });
      unmount(mountPoint);
    }
  });
});
