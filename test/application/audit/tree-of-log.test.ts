import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bulkScanOf } from '../../../adapters/store/bulk-scan';
import { treeOfLog } from '../../../application/audit/log-proofs';
import { buildSmallLedger, DataFolder, SmallLedger, tempDataFolder } from '../../support/audit-fixture';

describe('treeOfLog', () => {
  let folder: DataFolder;
  let ledger: SmallLedger;
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
    const fromHashes = await treeOfLog(ledger.store);
    assert.ok(fromHashes.size > 10);
    assert.deepEqual(fromHashes, await treeOfLog(withoutScan));
    assert.equal(fromHashes.lastPosition, await ledger.store.headPosition());
  });
});
