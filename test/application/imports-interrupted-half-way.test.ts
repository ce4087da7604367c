import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryEventStore } from '../../adapters/store/memory';
import { EventStore } from '../../adapters/store/port';
import { moneyFromUnits, ZERO } from '../../domain/money';
import { context, macrotasks } from './support';
import { addUser, importCauses, right, settledTask, startFolio, tsv } from './imports-fixture';

describe('an import interrupted half-way is finished at start-up, each line exactly once', () => {
  it('lines applied before the stop are not applied again, even when changed since', async () => {
    const store = createMemoryEventStore();
    const folio = await startFolio(store, 'first');
    for (const name of ['amy', 'ben', 'cat']) await addUser(folio, name);
    // The store dies when the import reaches cat: amy and ben are done, cat and the completion are not.
    const catsLine = (event: { type: string; data: unknown }) =>
      event.type === 'UserImported' && (event.data as { line: number }).line === 3;
    const dying: EventStore = {
      ...store,
      append: async (stream, expected, events, options) => {
        if (
          events.some(catsLine) ||
          (stream.startsWith('operation-') && events.some((e) => e.type === 'BulkOperationCompleted'))
        )
          throw new Error('disk gone');
        return store.append(stream, expected, events, options);
      },
    };
    const crashing = await startFolio(dying, 'second');
    right(
      await crashing.services.imports.batchImportUsers(
        context,
        tsv(['amy', '10'], ['ben', '20'], ['cat', '30']),
        false,
      ),
    );
    const message = await settledTask(crashing);
    assert.match(message, /failed: an internal error stopped the task/);
    assert.ok(!message.includes('disk gone'), 'the internal error reaches the log, not the task status');
    await macrotasks(20);
    await crashing.projections.waitFor(await store.headPosition());
    assert.equal(right(crashing.services.users.getUserProperty('ben', 'balance')), '20.00');
    // Someone else moves amy's balance after her line was applied (the live server, before the stop).
    right(
      await folio.services.balances.adjustUserAccountBalance(context, 'amy', moneyFromUnits(5), 'top-up', ''),
    );

    // Two servers starting on the same log at once both finish the import: still once per line.
    const [restarted] = await Promise.all([startFolio(store, 'third'), startFolio(store, 'third-b')]);
    assert.deepEqual(
      ['amy', 'ben', 'cat'].map((name) => right(restarted.services.users.getUserProperty(name, 'balance'))),
      ['15.00', '20.00', '30.00'],
    );
    assert.equal(restarted.models.operations.unfinished().length, 0);
    const markers = store.all().filter((event) => event.type === 'UserImported');
    assert.equal(markers.length, 3, 'one marker per line');
    assert.equal(importCauses(restarted).length, 3, 'one transfer per line');
    const completion = store.all().filter((event) => event.type === 'BulkOperationCompleted');
    assert.equal(completion.length, 1);
    assert.deepEqual(completion[0]?.data, {
      operationId: (markers[0]?.data as { operationId: string }).operationId,
      applied: 3,
      skipped: [],
    });
    // A second start finds nothing left to do.
    const again = await startFolio(store, 'fourth');
    assert.equal(store.all().filter((event) => event.type === 'UserImported').length, 3);
    assert.equal(again.models.transactions.trialBalance(), ZERO);
  });
  it('a user created before the stop and renamed since is not claimed again under its old name', async () => {
    const store = createMemoryEventStore();
    const live = await startFolio(store, 'live');
    const dying: EventStore = {
      ...store,
      append: async (stream, expected, events, options) => {
        if (events.some((event) => event.type === 'BulkOperationCompleted')) throw new Error('disk gone');
        return store.append(stream, expected, events, options);
      },
    };
    const crashing = await startFolio(dying, 'crashing');
    right(await crashing.services.imports.batchImportUsers(context, tsv(['zoe', '10']), true));
    assert.match(await settledTask(crashing), /failed: an internal error stopped the task/);
    await live.projections.catchUp();
    // Renamed, and the old name taken by someone else, before the import is finished.
    right(await live.services.users.renameUserAccount(context, 'zoe', 'zed'));
    await addUser(live, 'zoe');

    const restarted = await startFolio(store, 'restarted');
    assert.equal(restarted.models.operations.unfinished().length, 0);
    const [completion] = store.all().filter((event) => event.type === 'BulkOperationCompleted');
    assert.deepEqual(
      (completion?.data as { skipped: unknown[] }).skipped,
      [],
      'the applied line reported as skipped',
    );
    assert.equal(right(restarted.services.users.getUserProperty('zed', 'balance')), '10.00');
    assert.equal(right(restarted.services.users.getUserProperty('zoe', 'balance')), '0.00');
  });
});
