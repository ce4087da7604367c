import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configuredDirectory, DIRECTORY_FILE_CONFIG_KEY } from '../../../adapters/directory/configured';

const root = mkdtempSync(join(tmpdir(), 'folio-directory-file-'));
after(() => rmSync(root, { recursive: true, force: true }));
/** The allowed folder, and a folder beside it the file must never be read from. */
const allowed = join(root, 'data', 'directory');
const outside = join(root, 'outside');
mkdirSync(allowed, { recursive: true });
mkdirSync(outside, { recursive: true });
writeFileSync(join(allowed, 'users.tsv'), 'alice\tAlice\n');
writeFileSync(join(outside, 'secret.tsv'), 'mallory\tMallory\n');
symlinkSync(join(outside, 'secret.tsv'), join(allowed, 'link-out.tsv'));
symlinkSync(outside, join(allowed, 'folder-out'));
symlinkSync(join(outside, 'not-there.tsv'), join(allowed, 'broken.tsv'));
symlinkSync(join(allowed, 'users.tsv'), join(allowed, 'link-in.tsv'));

/** What reading the directory named by `value` gives: the usernames, or the reason it was refused. */
const readAs = async (value: string): Promise<readonly string[] | string> => {
  const directory = configuredDirectory([allowed])((name) =>
    name === DIRECTORY_FILE_CONFIG_KEY ? value : '',
  );
  assert.ok(directory !== null);
  const listing = await directory.read();
  return listing._tag === 'Right' ? listing.right.users.map((user) => user.username) : listing.left.reason;
};

describe('the user directory file named by user-directory.file', () => {
  it('is read from the allowed folder: a relative name, an absolute path inside it, a link that stays inside', async () => {
    assert.deepEqual(await readAs('users.tsv'), ['alice']);
    assert.deepEqual(await readAs(join(allowed, 'users.tsv')), ['alice']);
    assert.deepEqual(await readAs('./sub/../users.tsv'), ['alice']);
    assert.deepEqual(await readAs('link-in.tsv'), ['alice']);
  });

  it('is refused outside it — an absolute path, a .. escape, a symbolic link out, a linked folder, a broken link — and the reason names no path', async () => {
    for (const value of [
      '/etc/passwd',
      join(outside, 'secret.tsv'),
      '../../outside/secret.tsv',
      '../directory-other/users.tsv',
      'link-out.tsv',
      'folder-out/secret.tsv',
      'broken.tsv',
    ]) {
      const result = await readAs(value);
      assert.equal(typeof result, 'string', value);
      const reason = result as string;
      assert.match(reason, /^the directory file named by user-directory\.file cannot be read: /, value);
      for (const leaked of [root, '/etc', 'passwd', 'secret.tsv', 'outside'])
        assert.ok(!reason.includes(leaked), `${value}: the reason names ${leaked}: ${reason}`);
    }
  });

  it('a missing file inside the folder is named by its file name only', async () => {
    const reason = await readAs(join(allowed, 'gone.tsv'));
    assert.equal(reason, 'the file gone.tsv does not exist');
  });

  it('without any allowed folder nothing is read; an empty value means no directory', async () => {
    const none = configuredDirectory([])(() => '/etc/passwd');
    assert.ok(none !== null);
    const listing = await none.read();
    assert.ok(listing._tag === 'Left' && /no folder is configured/.test(listing.left.reason));
    assert.equal(
      configuredDirectory([allowed])(() => '  '),
      null,
    );
  });
});
