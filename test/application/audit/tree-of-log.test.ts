import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bulkScanOf } from '../../../adapters/store/bulk-scan';
import { signLogCheckpoint } from '../../../application/audit/log-proofs';
import { TREE_STATE_FILE, treeOfLog } from '../../../application/audit/log-tree';
import { moneyFromUnits } from '../../../domain/money';
import {
  ADMIN,
  buildSmallLedger,
  DataFolder,
  expectRight,
  SmallLedger,
  tempDataFolder,
} from '../../support/audit-fixture';

describe('the log tree a checkpoint signs', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;
  const statePath = () => join(folder.dir, TREE_STATE_FILE);
  /** The facts from every stored hash, never resumed. */
  const fromTheWholeLog = async () => (await treeOfLog(ledger.store)).facts;
  /** Enough adjustments to take the log past 256 events, so the next tree has larger blocks. */
  const growTheLog = async (times: number) => {
    for (let index = 0; index < times; index += 1)
      await expectRight(
        ledger.folio.services.balances.adjustUserAccountBalance(ADMIN, 'bob', moneyFromUnits(1), 'more', ''),
      );
  };

  before(async () => {
    folder = tempDataFolder('folio-tree-of-log-');
    ledger = await buildSmallLedger(folder);
  });
  after(async () => {
    await ledger.folio.stop();
    await ledger.store.close();
    folder.remove();
  });

  it('gives the same facts from the stored hashes alone as from reading every event', async () => {
    assert.ok(bulkScanOf(ledger.store), 'the embedded store offers its hash scan');
    // A proxy is another object, so it has no bulk scan: treeOfLog reads it event by event.
    const withoutScan = new Proxy(ledger.store, {});
    assert.equal(bulkScanOf(withoutScan), undefined);
    const fromHashes = await fromTheWholeLog();
    assert.ok(fromHashes.size > 10);
    assert.deepEqual(fromHashes, (await treeOfLog(withoutScan)).facts);
    assert.equal(fromHashes.lastPosition, await ledger.store.headPosition());
  });

  it('resumes from the last checkpoint, regrouping its blocks when the log outgrew them', async () => {
    const first = await signLogCheckpoint(ledger.store, folder.dir);
    assert.equal(first.checkpoint.blockSize, 1);
    await growTheLog(300);
    const resumed = await treeOfLog(ledger.store, {
      dataDir: folder.dir,
      signedRootAt: (size) => (size === first.checkpoint.size ? first.checkpoint.root : null),
    });
    const whole = await fromTheWholeLog();
    assert.ok(whole.blockSize > 1, 'the grown log has larger blocks');
    assert.deepEqual(resumed.facts, whole);
    const second = await signLogCheckpoint(ledger.store, folder.dir);
    assert.deepEqual([second.checkpoint.root, second.checkpoint.blockRoots], [whole.root, whole.blockRoots]);
  });

  it('reads nothing the last checkpoint covered: a prefix changed since is not signed as sound', async () => {
    const signed = await signLogCheckpoint(ledger.store, folder.dir);
    await growTheLog(5);
    // The stored hash of an early event rewritten, as a careful forger would after the checkpoint.
    ledger.store.database.prepare('UPDATE events SET hash = ? WHERE position = 3').run('ab'.repeat(32));
    const whole = await fromTheWholeLog();
    const next = await signLogCheckpoint(ledger.store, folder.dir);
    assert.notEqual(next.checkpoint.root, whole.root, 'the new checkpoint extends what the old one covered');
    assert.ok(next.checkpoint.size > signed.checkpoint.size);
  });

  it('builds the tree afresh from a stored state that does not give the signed root', async () => {
    await signLogCheckpoint(ledger.store, folder.dir);
    const stored = JSON.parse(readFileSync(statePath(), 'utf8')) as { state: { whole: { hash: string }[] } };
    const [firstSubtree] = stored.state.whole;
    assert.ok(firstSubtree !== undefined);
    firstSubtree.hash = 'cd'.repeat(32);
    writeFileSync(statePath(), JSON.stringify(stored));
    await growTheLog(2);
    const next = await signLogCheckpoint(ledger.store, folder.dir);
    assert.equal(next.checkpoint.root, (await fromTheWholeLog()).root);
  });
});
