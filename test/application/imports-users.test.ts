import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { ZERO } from '../../domain/money';
import { context } from './support';
import { addUser, right, settledTask, startFolio, tsv } from './imports-fixture';

describe('batch import of users, internal users and card/ID numbers', () => {
  it('creates and updates users; a card held by another user leaves only that line unapplied', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice', '1001');
    await addUser(folio, 'bob');
    const file = tsv(
      ['alice', '10', 'Y', 'Alice Anders', 'alice@example.org', 'Maths', 'B12', '', '4321'],
      ['bob', '', '', '', '', '', '', '1001'],
      [
        'carol',
        '2.50',
        'N',
        'Carol C',
        '',
        'Art',
        '',
        '2002',
        '',
        'new',
        '3003',
        'c2@example.org',
        'cc',
        '/home/c',
      ],
    );
    assert.equal(right(await folio.services.imports.batchImportUsers(context, file, true)), true);
    const message = await settledTask(folio);
    assert.match(message, /Line 2: not applied: card\/ID number '1001' already belongs to user 'alice'/);
    assert.match(message, /Import finished: 2 of 2 records applied/);
    const users = folio.services.users;
    assert.deepEqual(
      right(users.getUserProperties('alice', ['balance', 'restricted', 'full-name', 'department', 'office'])),
      ['10.00', 'true', 'Alice Anders', 'Maths', 'B12'],
    );
    assert.equal(folio.services.users.lookUpUserNameByCardNo('1001'), 'alice');
    assert.deepEqual(
      right(
        users.getUserProperties('carol', [
          'balance',
          'primary-card-number',
          'secondary-card-number',
          'other-emails',
          'username-alias',
          'home',
          'notes',
          'internal',
        ]),
      ),
      ['2.50', '2002', '3003', 'c2@example.org', 'cc', '/home/c', 'new', 'false'],
    );
    assert.equal(folio.models.users.findByUsername('alice')?.hasPin, true);
    assert.equal(folio.models.transactions.trialBalance(), ZERO);
  });

  it('with createNewUsers false only existing users change', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice');
    right(await folio.services.imports.batchImportUsers(context, tsv(['alice', '3'], ['zed', '4']), false));
    const message = await settledTask(folio);
    assert.match(message, /Line 2: ignored: user 'zed' does not exist and createNewUsers is false/);
    assert.equal(folio.services.users.isUserExists('zed'), false);
    assert.equal(right(folio.services.users.getUserProperty('alice', 'balance')), '3.00');
  });

  it('internal users get passwords and PINs as salted hashes, never in clear', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store);
    right(
      await folio.services.imports.batchImportInternalUsers(
        context,
        tsv(['ivan', 'Secret-1', '5', 'N', 'Ivan I', 'ivan@example.org', '', '', '7007', '2468']),
        false,
        false,
        true,
      ),
    );
    await settledTask(folio);
    const ivan = folio.models.users.findByUsername('ivan');
    assert.equal(ivan?.internal, true);
    assert.equal(ivan?.passwordHash, 'hashed:Secret-1');
    assert.equal(ivan?.hasPin, true);
    assert.equal(folio.services.users.lookUpUserNameByCardNo('7007'), 'ivan');
    const log = JSON.stringify(store.all());
    assert.ok(!log.includes('"Secret-1"') && !log.includes('"2468"'), 'no secret is stored in clear');
  });

  it('card/ID numbers: existing users get them; a number already held elsewhere is reported', async () => {
    const folio = await startFolio(createMemoryEventStore());
    await addUser(folio, 'alice', '1001');
    await addUser(folio, 'bob');
    right(
      await folio.services.imports.batchImportUserCardIdNumbers(
        context,
        tsv(['bob', '2002', '1111'], ['alice', '5005'], ['carol', '6006'], ['bob', '1001']),
        false,
      ),
    );
    const message = await settledTask(folio);
    assert.match(message, /Line 3: not applied: user 'carol' does not exist/);
    assert.match(message, /Line 4: not applied: user 'bob' is already on line 1/);
    assert.equal(folio.services.users.lookUpUserNameByCardNo('2002'), 'bob');
    assert.equal(folio.services.users.lookUpUserNameByCardNo('5005'), 'alice');
    // alice's old card was released: another user may now take it.
    right(await folio.services.users.setUserProperty(context, 'bob', 'secondary-card-number', '1001'));
  });
});
