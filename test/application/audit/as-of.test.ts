import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { balanceHistory, logSource, readModelSource, stateAsOf } from '../../../application/audit';
import {
  buildSmallLedger,
  DataFolder,
  money,
  SmallLedger,
  tempDataFolder,
} from '../../support/audit-fixture';

describe('as-of state and balance history (the library API)', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;

  before(async () => {
    folder = tempDataFolder('folio-as-of-');
    ledger = await buildSmallLedger(folder);
  });
  after(async () => {
    await ledger.folio.stop();
    await ledger.store.close();
    folder.remove();
  });

  it("gives every balance after every transfer, the same from the log and from the server's read models", async () => {
    const fromLog = await balanceHistory(logSource(ledger.store), 'alice');
    const live = await balanceHistory(readModelSource(ledger.folio.models), 'alice');
    assert.deepEqual(fromLog, live);
    assert.ok(fromLog._tag === 'Right');
    assert.deepEqual(
      fromLog.right.map((line) => line.balanceAfter),
      [money('10'), money('35'), money('37'), money('12')],
    );
  });

  it('folds a prefix: the state after each transfer position is the balance history says', async () => {
    const history = await balanceHistory(logSource(ledger.store), 'alice');
    assert.ok(history._tag === 'Right');
    const alice = ledger.folio.models.users.findByUsername('alice');
    assert.ok(alice !== undefined);
    for (const line of history.right) {
      const state = await stateAsOf(ledger.store, { kind: 'position', position: line.position });
      assert.equal(state.position, line.position);
      assert.equal(state.models.users.byId(alice.userId)?.balances[''], line.balanceAfter);
      assert.equal(state.models.transactions.trialBalance(), 0n);
      const justBefore = await stateAsOf(ledger.store, {
        kind: 'time',
        epochMs: Date.parse(line.recordedAt),
      });
      assert.equal(justBefore.models.users.byId(alice.userId)?.balances[''], line.balanceAfter - line.amount);
    }
  });

  it('knows nothing before the first event and everything at the end', async () => {
    const empty = await stateAsOf(ledger.store, { kind: 'start' });
    assert.equal(empty.position, 0);
    assert.equal([...empty.models.users.all()].length, 0);
    const full = await stateAsOf(ledger.store, { kind: 'end' });
    assert.equal(full.models.serialize(), ledger.folio.models.serialize());
  });
});
