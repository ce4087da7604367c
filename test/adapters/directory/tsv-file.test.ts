import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { directoryGroups, DirectoryListing } from '../../../adapters/directory/port';
import { tsvFileDirectory } from '../../../adapters/directory/tsv-file';

const folder = mkdtempSync(join(tmpdir(), 'folio-directory-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const fileWith = (name: string, content: string | Buffer): string => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};

const readListing = async (path: string): Promise<DirectoryListing> => {
  const read = await tsvFileDirectory(path).read();
  if (read._tag === 'Left') assert.fail(read.left.reason);
  return read.right;
};

const readProblem = async (path: string): Promise<string> => {
  const read = await tsvFileDirectory(path).read();
  if (read._tag === 'Right') assert.fail('expected the directory to be refused');
  return read.left.reason;
};

describe('user directory: tab-separated file', () => {
  it('reads users, their details, cards and groups; skips a header, comments and blank lines', async () => {
    const path = fileWith(
      'good.tsv',
      [
        '\uFEFFusername\tfull name\temail\tdepartment\toffice\tprimary card\tsecondary card\tgroups',
        '# exported from the HR system',
        'Alice\tAlice Liddell\talice@example.org\tMaths\tB12\t1001\t\tStaff, Maths',
        '',
        'bob\tBob Builder\r',
        'CORP\\carol\tCarol\t\t\t\t\t2002\tStaff',
      ].join('\n'),
    );
    const listing = await readListing(path);
    assert.equal(listing.source, `file ${path}`);
    assert.deepEqual(listing.users, [
      {
        username: 'alice',
        fullName: 'Alice Liddell',
        email: 'alice@example.org',
        department: 'Maths',
        office: 'B12',
        home: '',
        primaryCard: '1001',
        secondaryCard: '',
        groups: ['Staff', 'Maths'],
      },
      {
        username: 'bob',
        fullName: 'Bob Builder',
        email: '',
        department: '',
        office: '',
        home: '',
        primaryCard: '',
        secondaryCard: '',
        groups: [],
      },
      {
        username: 'corp\\carol',
        fullName: 'Carol',
        email: '',
        department: '',
        office: '',
        home: '',
        primaryCard: '',
        secondaryCard: '2002',
        groups: ['Staff'],
      },
    ]);
    const groups = directoryGroups(listing);
    assert.deepEqual(groups.get('staff'), { name: 'Staff', members: ['alice', 'corp\\carol'] });
    assert.deepEqual(groups.get('maths'), { name: 'Maths', members: ['alice'] });
  });

  it('refuses a malformed file whole, naming every bad line', async () => {
    const path = fileWith(
      'bad.tsv',
      [
        'alice\tAlice',
        'ALICE\tAlice again',
        'bob\tBob\t\t\t\t1001',
        'carol\tCarol\t\t\t\t1001',
        '\tNo Name',
        'dave\t1\t2\t3\t4\t5\t6\t7\t8',
        'erin\tErin\t\t\t\t7\t7',
      ].join('\n'),
    );
    const reason = await readProblem(path);
    assert.match(reason, /malformed/);
    assert.match(reason, /line 2: username 'alice' is also on line 1/);
    assert.match(reason, /line 4: card '1001' is also the card of 'bob' on line 3/);
    assert.match(reason, /line 5: no username/);
    assert.match(reason, /line 6: 9 columns, at most 8/);
    assert.match(reason, /line 7: the primary and secondary card of 'erin' are the same/);
  });

  it('says clearly when the file is missing, is a folder, or is not UTF-8', async () => {
    assert.match(await readProblem(join(folder, 'nowhere.tsv')), /does not exist/);
    assert.match(await readProblem(folder), /is a folder/);
    assert.match(
      await readProblem(fileWith('latin1.tsv', Buffer.from([0x61, 0x09, 0xe9, 0x0a]))),
      /not UTF-8/,
    );
  });

  it('reads the file afresh each time, so an edit applies at the next sync', async () => {
    const path = fileWith('changing.tsv', 'alice\n');
    const directory = tsvFileDirectory(path);
    const first = await directory.read();
    writeFileSync(path, 'alice\nbob\n');
    const second = await directory.read();
    assert.equal(first._tag === 'Right' ? first.right.users.length : -1, 1);
    assert.equal(second._tag === 'Right' ? second.right.users.length : -1, 2);
  });
});
