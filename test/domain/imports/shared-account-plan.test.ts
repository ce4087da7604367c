import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImportLookups, SharedAccountRef } from '../../../domain/imports/plan';
import { planSharedAccountImport } from '../../../domain/imports/shared-account-plan';
import { tsvLines } from '../../../domain/imports/tsv';

const existing: readonly SharedAccountRef[] = [
  { accountId: 'a-science', parentId: '', fullName: 'Science' },
  { accountId: 'a-physics', parentId: 'a-science', fullName: 'Science\\Physics' },
  { accountId: 'a-art', parentId: '', fullName: 'Art' },
  { accountId: 'a-art-clay', parentId: 'a-art', fullName: 'Art\\Clay' },
];

const lookups: ImportLookups = {
  userByName: (name) =>
    name === 'alice'
      ? ({ userId: 'u-alice', username: 'alice' } as ReturnType<ImportLookups['userByName']>)
      : undefined,
  cardHolder: () => undefined,
  sharedAccountByName: (name) =>
    existing.find((account) => account.fullName.toLowerCase() === name.toLowerCase()),
  sharedAccounts: () => existing,
  groupIdByName: (name) =>
    name === 'Staff' ? 'g-staff' : name.toLowerCase() === '!!all users!!' ? 'g-all-users' : undefined,
  newId: (kind, key) => `new-${kind}-${key}`,
};

const file = (...rows: string[][]) => tsvLines(rows.map((row) => row.join('\t')).join('\n'));

describe('shared-account import files', () => {
  it('resolve every line to an account to create or update, parents before sub-accounts', () => {
    const plan = planSharedAccountImport(
      file(
        ['History', 'Ancient', 'Y', '', '10'],
        [
          'Science',
          '',
          'N',
          '1234',
          '250.5',
          'Y',
          'alice',
          'Staff|!!All Users!!',
          'ALWAYS_INVOICE',
          'no_comment',
          'lab',
        ],
        ['Science', 'Chemistry'],
      ),
      false,
      { ...lookups, groupIdByName: (name) => ({ Staff: 'g-staff', '!!All Users!!': 'g-all' })[name] },
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.sharedAccounts.map((entry) => [
        entry.line,
        entry.fullName,
        entry.create,
        entry.accountId,
        entry.parentId,
      ]),
      [
        [2, 'Science', false, 'a-science', ''],
        // History has no line of its own: it is created with default settings for its sub-account.
        [1, 'History', true, 'new-shared-account-history', ''],
        [1, 'History\\Ancient', true, 'new-shared-account-history\\ancient', 'new-shared-account-history'],
        [3, 'Science\\Chemistry', true, 'new-shared-account-science\\chemistry', 'a-science'],
      ],
    );
    const science = plan.sharedAccounts[0];
    assert.deepEqual(science, {
      line: 2,
      accountId: 'a-science',
      fullName: 'Science',
      name: 'Science',
      parentId: '',
      create: false,
      enabled: false,
      pin: '1234',
      balance: 250_500_000n,
      restricted: true,
      accessUserIds: ['u-alice'],
      accessGroupIds: ['g-staff', 'g-all'],
      invoiceOption: 'ALWAYS_INVOICE',
      commentOption: 'NO_COMMENT',
      notes: 'lab',
    });
    assert.equal(plan.sharedAccounts[1]?.balance, undefined, 'the implicit parent gets no settings');
    assert.equal(plan.sharedAccounts[2]?.balance, 10_000_000n);
  });

  it('reports each bad line by number: bad options, names, duplicates', () => {
    const plan = planSharedAccountImport(
      file(
        ['Maths', '', 'maybe'],
        ['Music', '', '', '', '', '', 'zed', 'Nobody'],
        ['Drama', '', '', '', '', '', '', '', 'SOMETIMES'],
        ['', 'Orphan'],
        ['Bad\\Name'],
        ['Art'],
        ['art'],
        ['Maths', 'Algebra'],
      ),
      false,
      lookups,
    );
    assert.deepEqual(
      plan.problems.map((problem) => problem.line),
      [1, 3, 4, 5, 7, 8],
    );
    assert.match(plan.problems[0]?.message ?? '', /enabled 'maybe' is not Y or N/);
    assert.match(plan.problems[1]?.message ?? '', /invoice option 'SOMETIMES' is not one of/);
    assert.match(plan.problems[2]?.message ?? '', /parent account name is missing/);
    assert.match(plan.problems[3]?.message ?? '', /parent account name 'Bad\\Name' is not valid/);
    assert.match(plan.problems[4]?.message ?? '', /'art' is already on line 6/);
    assert.match(plan.problems[5]?.message ?? '', /parent 'Maths' is not created: its own line has problems/);
    assert.deepEqual(
      plan.sharedAccounts.map((entry) => entry.fullName),
      ['Music', 'Art'],
    );
  });

  it('an access entry naming no user or group is skipped and reported by line; the account is imported with the rest', () => {
    const plan = planSharedAccountImport(
      file(
        ['Music', '', '', '', '', '', 'zed|alice', 'Nobody|Staff'],
        ['Art', '', '', '', '', '', '', '[All Users]'],
        ['Drama', '', '', '', '', '', '', '!!All Users!!|[all users]'],
      ),
      false,
      lookups,
    );
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(
      plan.sharedAccounts.map((entry) => [entry.fullName, entry.accessUserIds, entry.accessGroupIds]),
      [
        ['Music', ['u-alice'], ['g-staff']],
        ['Art', undefined, ['g-all-users']],
        ['Drama', undefined, ['g-all-users']],
      ],
    );
    assert.deepEqual(
      plan.skipped?.map((note) => [note.line, note.message]),
      [
        [1, "the access user 'zed' does not exist; the account is imported without it"],
        [1, "the access group 'Nobody' does not exist; the account is imported without it"],
      ],
    );
  });

  it('deleteNonExistent deletes what the file does not name, sub-accounts first; a bad line still keeps its account', () => {
    const plan = planSharedAccountImport(file(['Science', 'Physics'], ['Art', '', 'maybe']), true, lookups);
    assert.deepEqual(plan.deletions, [{ accountId: 'a-art-clay', fullName: 'Art\\Clay' }]);
    const all = planSharedAccountImport(file(['New']), true, lookups);
    assert.deepEqual(
      all.deletions.map((deletion) => deletion.fullName),
      ['Art\\Clay', 'Science\\Physics', 'Art', 'Science'],
    );
  });

  it('a sub-account cannot be placed under a sub-account', () => {
    const plan = planSharedAccountImport(file(['Science\\Physics'], ['Physics']), false, {
      ...lookups,
      sharedAccountByName: (name) =>
        name.toLowerCase() === 'physics'
          ? { accountId: 'p', parentId: 'a-science', fullName: 'Science\\Physics' }
          : undefined,
    });
    assert.match(plan.problems[0]?.message ?? '', /not valid/);
    assert.match(plan.problems[1]?.message ?? '', /'Physics' is the sub-account 'Science\\Physics'/);
  });
});
