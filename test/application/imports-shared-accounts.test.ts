import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { moneyFromUnits, ZERO } from '../../domain/money';
import { context } from './support';
import { addUser, importCauses, right, settledTask, startFolio, tsv } from './imports-fixture';

describe('batch import of shared accounts', () => {
  it('validates, answers with feedback, applies the valid lines as a task and books balances as imports', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice');
    const file = tsv(
      ['Science', '', 'Y', '1234', '100', 'Y', 'alice', '', 'NEVER_INVOICE', 'COMMENT_REQUIRED', 'labs'],
      ['Science', 'Physics', 'N', '', '-20.50'],
      ['Art', '', 'maybe'],
    );
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, file, false, false),
    );
    assert.match(feedback, /3 lines read, 2 valid, 1 with problems/);
    assert.match(feedback, /Accounts to create: 2; to update: 0; to delete: 0/);
    assert.match(feedback, /Line 3: not applied: enabled 'maybe' is not Y or N/);
    assert.match(feedback, /api\.getTaskStatus/);
    const message = await settledTask(folio);
    assert.match(message, /batch import of shared accounts from .*: started/);
    assert.match(message, /Line 3: not applied/);
    assert.match(message, /Import finished: 2 of 2 records applied/);
    assert.match(message, /: completed$/);

    const accounts = folio.services.sharedAccounts;
    assert.deepEqual(right(accounts.listSharedAccounts(0, 10)), ['Science', 'Science\\Physics']);
    assert.deepEqual(
      right(
        accounts.getSharedAccountProperties('Science', [
          'balance',
          'restricted',
          'pin',
          'access-users',
          'invoice-option',
          'comment-option',
          'notes',
          'disabled',
        ]),
      ),
      ['100.00', 'true', '1234', 'alice', 'NEVER_INVOICE', 'COMMENT_REQUIRED', 'labs', 'false'],
    );
    assert.deepEqual(
      right(accounts.getSharedAccountProperties('Science\\Physics', ['balance', 'disabled'])),
      ['-20.50', 'true'],
    );
    const booked = importCauses(folio);
    assert.equal(booked.length, 2);
    assert.ok(booked.every((entry) => entry.counterAccount === 'system:imports'));
    assert.equal(folio.models.transactions.balanceOf('system:imports'), -moneyFromUnits(100) + 20_500_000n);
    assert.equal(folio.models.transactions.trialBalance(), ZERO);
  });

  it('with test=true reports the same feedback and changes nothing', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store);
    const before = store.all().length;
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(
        context,
        tsv(['Music', '', 'Y', '', '5']),
        true,
        false,
      ),
    );
    assert.match(feedback, /Accounts to create: 1/);
    assert.match(feedback, /Test only: nothing was changed/);
    await folio.tasks.idle();
    assert.equal(store.all().length, before);
    assert.equal(folio.services.sharedAccounts.isSharedAccountExists('Music'), false);
  });

  it('is safe to retry: importing the same file again moves no money and changes no setting', async () => {
    const folio = await startFolio(createMemoryEventStore());
    const file = tsv(['Music', '', 'N', '', '5', 'Y'], ['Music', 'Choir', 'Y', '', '7']);
    right(await folio.services.imports.batchImportSharedAccounts(context, file, false, false));
    await settledTask(folio);
    const snapshot = folio.services.sharedAccounts.getSharedAccountProperties('Music', [
      'balance',
      'disabled',
    ]);
    right(await folio.services.imports.batchImportSharedAccounts(context, file, false, false));
    const message = await settledTask(folio);
    assert.match(message, /Accounts to create: 0; to update: 2/);
    assert.deepEqual(
      folio.services.sharedAccounts.getSharedAccountProperties('Music', ['balance', 'disabled']),
      snapshot,
    );
    assert.equal(importCauses(folio).length, 2, 'the second import booked nothing');
    assert.deepEqual(right(folio.services.sharedAccounts.listSharedAccounts(0, 10)), [
      'Music',
      'Music\\Choir',
    ]);
  });

  it('deleteNonExistent deletes the accounts the file does not name, sub-accounts first', async () => {
    const folio = await startFolio(createMemoryEventStore());
    for (const name of ['Keep', 'Old', 'Old\\Sub', 'Keep\\Gone'])
      right(await folio.services.sharedAccounts.addNewSharedAccount(context, name));
    const feedback = right(
      await folio.services.imports.batchImportSharedAccounts(context, tsv(['Keep'], ['New']), false, true),
    );
    assert.match(feedback, /to create: 1; to update: 1; to delete: 3/);
    await settledTask(folio);
    assert.deepEqual(right(folio.services.sharedAccounts.listSharedAccounts(0, 10)), ['Keep', 'New']);
  });
});
