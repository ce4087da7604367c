import assert from 'node:assert/strict';
import { ComposedFolio, createFolio, Folio } from '../../application/folio';
import { sequentialIds } from '../../application/ids';
import { EventStore } from '../../adapters/store/port';
import { moneyFromUnits } from '../../domain/money';
import { context } from './support';

/** A running Folio on `store`, with reproducible ids and a fixed clock (or the one given). */
export const startFolio = async (
  store: EventStore,
  idPrefix: string,
  clock: () => Date = () => new Date('2026-03-04T05:06:07.000Z'),
): Promise<ComposedFolio> => {
  const folio = createFolio({
    store,
    ids: sequentialIds(idPrefix),
    clock,
    hashSecret: (secret) => `hashed:${secret}`,
    verifySecret: (secret, hash) => hash === `hashed:${secret}`,
  });
  await folio.start();
  return folio;
};

/** Users with balances, written through the services: events every read model folds. */
export const addUsersWithBalances = async (folio: Folio, names: readonly string[]): Promise<void> => {
  for (const [index, username] of names.entries()) {
    const added = await folio.services.users.addNewInternalUser(context, {
      username,
      password: '',
      fullName: `${username} Tester`,
      email: `${username}@example.org`,
      cardId: '',
      pin: '',
    });
    assert.equal(added._tag, 'Right', `add ${username}`);
    const adjusted = await folio.services.balances.adjustUserAccountBalance(
      context,
      username,
      moneyFromUnits(index + 1),
      'seed',
      '',
    );
    assert.equal(adjusted._tag, 'Right', `adjust ${username}`);
  }
};
