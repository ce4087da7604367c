import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openingBalanceTransferId } from '../../application/services/initial-settings';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { formatMoney } from '../../domain/money';
import { must, mustFail, startTestFolio, TEST_CONTEXT } from '../support/in-memory-folio';
import { ALICE, BOB, directoryGroup, folder, withDirectory } from './directory-fixture';

describe('api.addNewUser', () => {
  it('creates the user from the directory: not internal, in its directory groups, with their initial settings', async () => {
    const test = await withDirectory(ALICE, BOB);
    await directoryGroup(test, 'Staff');
    await must(test.folio.services.groups.addNewGroup(TEST_CONTEXT, 'Maths'));
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 5_000_000n,
        restricted: true,
      }),
    );
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'Alice'));
    const alice = test.folio.models.users.findByUsername('alice');
    assert.ok(alice);
    assert.equal(alice.internal, false);
    assert.equal(alice.details.fullName, 'Alice Liddell');
    assert.equal(alice.primaryCardNumber, '1001');
    assert.equal(alice.restricted, true);
    assert.equal(formatMoney(alice.balances[''] ?? 0n), '5.00');
    // Maths is an application group: the directory does not feed it.
    assert.deepEqual(await must(test.folio.services.groups.getUserGroups('alice')), ['Staff']);
    const [opening] = test.folio.models.transactions.entriesOf(`user:${alice.userId}`);
    assert.equal(opening?.cause, 'opening-balance');
    assert.equal(opening?.counterAccount, 'system:opening-balances');
    assert.equal(opening?.transferId, openingBalanceTransferId(alice.userId));
    assert.equal(test.folio.services.users.lookUpUserNameByCardNo('1001'), 'alice');
    const password = await mustFail(
      test.folio.services.users.setUserProperty(TEST_CONTEXT, 'alice', 'password', 'x'),
    );
    assert.equal(password.code, 'NotAnInternalUser');
  });

  it('is a fault for a user not in the directory, a user that exists, or no readable directory', async () => {
    const test = await withDirectory(ALICE);
    assert.deepEqual(await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'zoe')), {
      code: 'DirectoryUserNotFound',
      username: 'zoe',
    });
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    assert.equal(
      (await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'))).code,
      'UserAlreadyExists',
    );
    await must(
      test.folio.services.config.setConfigValue(
        TEST_CONTEXT,
        DIRECTORY_FILE_CONFIG_KEY,
        join(folder, 'gone.tsv'),
      ),
    );
    const missing = await mustFail(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    assert.equal(missing.code, 'DirectoryUnavailable');
    assert.match(missing.code === 'DirectoryUnavailable' ? missing.reason : '', /gone\.tsv does not exist/);
    const bare = await startTestFolio();
    const none = await mustFail(bare.folio.services.directory.addNewUser(TEST_CONTEXT, 'bob'));
    assert.match(none.code === 'DirectoryUnavailable' ? none.reason : '', /no user directory is configured/);
  });
});
