import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadModels } from '../../projections';
import { decodeOrThrow } from '../../application/envelope';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { must, startTestFolio, TEST_CONTEXT } from '../support/in-memory-folio';

describe('cards, admin-access and initial-settings read models', () => {
  it('rebuild from the log and restore from a snapshot to the very same bytes', async () => {
    const store = createMemoryEventStore();
    const test = await startTestFolio({ store });
    const { services } = test.folio;
    for (const username of ['bob', 'alice'])
      await must(
        services.users.addNewInternalUser(TEST_CONTEXT, {
          username,
          password: '',
          fullName: '',
          email: '',
          cardId: '',
          pin: '',
        }),
      );
    await must(services.groups.addNewGroup(TEST_CONTEXT, 'Staff'));
    await must(
      services.initialSettings.setGroupInitialSettings(TEST_CONTEXT, 'Staff', { balance: 1_500_000n }),
    );
    await must(services.adminAccess.addAdminAccessUser(TEST_CONTEXT, 'bob'));
    await must(services.adminAccess.addAdminAccessUser(TEST_CONTEXT, 'alice'));
    await must(services.adminAccess.addAdminAccessGroup(TEST_CONTEXT, 'Staff'));
    await must(
      services.accountSelection.setUserAccountSelectionAutoChargePersonal(TEST_CONTEXT, 'bob', true),
    );
    const batch = await must(
      services.cards.createBatch(TEST_CONTEXT, { prefix: 'S', count: 4, value: 1_000_000n, expires: '' }),
    );
    for (const card of batch.cardNumbers.slice(0, 2))
      await must(services.cards.useCard(TEST_CONTEXT, 'alice', card));

    const live = test.folio.models.serialize();
    const rebuilt = createReadModels();
    for (const recorded of await store.readAll(0, 10_000)) rebuilt.apply(decodeOrThrow(recorded));
    assert.equal(rebuilt.serialize(), live);
    const restored = createReadModels();
    restored.restore(live);
    assert.equal(restored.serialize(), live);
    assert.equal(restored.cards.find(batch.cardNumbers[0] ?? '')?.redemption?.username, 'alice');
    assert.deepEqual(restored.cards.uncredited(), []);
  });
});
