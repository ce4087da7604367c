import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DIRECTORY_FILE_CONFIG_KEY } from '../../adapters/directory/configured';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { formatMoney } from '../../domain/money';
import { asSeparateProcess, must, mustFail, startTestFolio, TEST_CONTEXT } from '../support/in-memory-folio';
import { ALICE, directoryGroup, finished, withDirectory, addInternalUser } from './directory-fixture';

// One test writes its directory file itself, as another process would: it gets a scratch folder and
// numbering of its own, apart from the ones withDirectory uses.
const folder = mkdtempSync(join(tmpdir(), 'folio-reapply-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

describe('api.reapplyInitialUserSettings', () => {
  it("brings the balance to the groups' initial amount with an opening-balance transfer, and restores restriction", async () => {
    const test = await withDirectory(ALICE);
    await directoryGroup(test, 'Staff');
    await directoryGroup(test, 'Maths');
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 5_000_000n,
        restricted: true,
      }),
    );
    await must(
      test.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Maths', {
        balance: 2_000_000n,
        overdraft: 1_000_000n,
      }),
    );
    await must(test.folio.services.directory.addNewUser(TEST_CONTEXT, 'alice'));
    const alice = () => test.folio.models.users.findByUsername('alice');
    assert.equal(formatMoney(alice()?.balances[''] ?? 0n), '7.00');
    await must(
      test.folio.services.balances.adjustUserAccountBalance(
        TEST_CONTEXT,
        'alice',
        -4_500_000n,
        'printing',
        '',
      ),
    );
    await must(test.folio.services.users.setUserProperty(TEST_CONTEXT, 'alice', 'restricted', 'false'));
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'alice'));
    assert.equal(formatMoney(alice()?.balances[''] ?? 0n), '7.00');
    assert.equal(alice()?.restricted, true);
    assert.deepEqual(alice()?.overdraft, { mode: 'individual', amount: 1_000_000n });
    const last = test.folio.models.transactions.entriesOf(`user:${alice()?.userId ?? ''}`).at(-1);
    assert.equal(last?.cause, 'opening-balance');
    assert.equal(last?.amount, 4_500_000n);
    const before = await test.store.headPosition();
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'alice'));
    assert.equal(await test.store.headPosition(), before, 're-applying again changes nothing');
    assert.equal(test.folio.models.transactions.trialBalance(), 0n);
  });

  it('uses initial settings another process (the CLI) wrote to the same store', async () => {
    const path = join(folder, `users-${(files += 1)}.tsv`);
    writeFileSync(path, `${ALICE}\n`);
    const store = createMemoryEventStore();
    const server = await startTestFolio({ store: asSeparateProcess(store) });
    await must(server.folio.services.config.setConfigValue(TEST_CONTEXT, DIRECTORY_FILE_CONFIG_KEY, path));
    await directoryGroup(server, 'Staff');
    const cli = await startTestFolio({ store: asSeparateProcess(store) });
    await must(
      cli.folio.services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', {
        balance: 3_000_000n,
      }),
    );
    await must(server.folio.services.directory.addNewUsers(TEST_CONTEXT));
    await finished(server);
    assert.equal(formatMoney(server.folio.models.users.findByUsername('alice')?.balances[''] ?? 0n), '3.00');
  });

  it('leaves a user in no group with settings as it is, and names an unknown user', async () => {
    const test = await startTestFolio();
    await addInternalUser(test, 'ivan');
    const before = await test.store.headPosition();
    await must(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'ivan'));
    assert.equal(await test.store.headPosition(), before);
    assert.equal(
      (await mustFail(test.folio.services.initialSettings.reapplyInitialUserSettings(TEST_CONTEXT, 'nobody')))
        .code,
      'UserNotFound',
    );
  });
});
