import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../../adapters/store/memory';
import { startFolio } from '../folio-fixture';
import { context } from '../support';

/** A clock a minute further on at every reading: claims are never young enough to count as live on age alone. */
const minuteByMinute = (): (() => Date) => {
  let now = Date.parse('2026-03-04T05:06:07.000Z');
  return () => new Date((now += 60_000));
};

const addUser = async (folio: Awaited<ReturnType<typeof startFolio>>, username: string, cardId: string) =>
  folio.services.users.addNewInternalUser(context, {
    username,
    password: '',
    fullName: '',
    email: '',
    cardId,
    pin: '',
  });

describe('card/ID numbers are one card whatever their letter case', () => {
  it('a number differing only in case from one a user holds is refused to everyone else', async () => {
    const folio = await startFolio(createMemoryEventStore(), 'cards', minuteByMinute());
    assert.equal((await addUser(folio, 'alice', 'AB12'))._tag, 'Right');
    const bob = await addUser(folio, 'bob', 'ab12');
    assert.equal(bob._tag === 'Left' && bob.left.code, 'CardNumberInUse');
    await addUser(folio, 'carol', '');
    const carol = await folio.services.users.setUserProperty(context, 'carol', 'card-number', 'Ab12');
    assert.equal(carol._tag === 'Left' && carol.left.code, 'CardNumberInUse');
    assert.equal(folio.services.users.lookUpUserNameByCardNo('ab12'), 'alice');
    await folio.stop();
  });

  it("changing only the case of one's own card keeps it held", async () => {
    const folio = await startFolio(createMemoryEventStore(), 'cards', minuteByMinute());
    await addUser(folio, 'alice', 'AB12');
    assert.equal(
      (await folio.services.users.setUserProperty(context, 'alice', 'card-number', 'ab12'))._tag,
      'Right',
    );
    await addUser(folio, 'dave', '');
    const dave = await folio.services.users.setUserProperty(context, 'dave', 'card-number', 'AB12');
    assert.equal(dave._tag === 'Left' && dave.left.code, 'CardNumberInUse');
    assert.equal(folio.services.users.lookUpUserNameByCardNo('AB12'), 'alice');
    await folio.stop();
  });
});
