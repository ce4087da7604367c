import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import { createMemoryEventStore } from '../../adapters/store/memory';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  ProposedEvent,
} from '../../adapters/store/port';
import { canonicalMoney, Money, parseMoney, ZERO } from '../../domain/money';
import { checkAsyncProperty } from '../support/property';
import { CONTEXT, startFolio } from './harness/folio';

/**
 * A store that commits as the embedded one does — appends gathered while the previous batch is
 * committed go together as the next batch — except that the batches `failing` names fail whole, as a
 * full disk would: every append in them is refused and none of them is written.
 */
const failingBatchStore = (inner: EventStore, failing: readonly boolean[]) => {
  interface Queued {
    readonly stream: string;
    readonly expected: ExpectedRevision;
    readonly events: readonly ProposedEvent[];
    readonly options: AppendOptions | undefined;
    readonly resolve: (result: AppendResult) => void;
    readonly reject: (error: unknown) => void;
  }
  let queue: Queued[] = [];
  let committing = false;
  let armed = false;
  let batches = 0;
  const commit = async (): Promise<void> => {
    committing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const fails = armed && (failing[batches % failing.length] ?? false);
      if (armed) batches += 1;
      // The batch takes a macrotask, so that decisions keep arriving while it is on its way.
      await new Promise((resolve) => setImmediate(resolve));
      for (const item of batch) {
        if (fails) item.reject(new Error('disk full'));
        else
          await inner
            .append(item.stream, item.expected, item.events, item.options)
            .then(item.resolve, item.reject);
      }
    }
    committing = false;
  };
  const store: EventStore = {
    ...inner,
    append: (stream, expected, events, options) =>
      new Promise((resolve, reject) => {
        queue.push({ stream, expected, events, options, resolve, reject });
        if (!committing) void commit();
      }),
  };
  return { store, arm: () => (armed = true) };
};

const USERS = ['ann', 'bob', 'cy'];
const STARTING_BALANCE = '10';

const operations = fc.array(
  fc.record({
    user: fc.constantFrom(...USERS),
    conditional: fc.boolean(),
    // Mostly debits of up to 6.00, so that conditional debits race for what is left.
    cents: fc.integer({ min: -600, max: 200 }).filter((cents) => cents !== 0),
  }),
  { minLength: 1, maxLength: 40 },
);

const money = (text: string): Money => {
  const parsed = parseMoney(text);
  if (parsed._tag === 'Left') throw new Error(`bad amount ${text}`);
  return parsed.right;
};

describe('pipelined commands over failing commits', () => {
  it('no acknowledged change is lost, no refused one appears, and no conditional debit overdraws', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(
        operations,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        async (list, failing) => {
          const inner = createMemoryEventStore();
          const { store, arm } = failingBatchStore(inner, failing);
          const folio = await startFolio(store);
          const { users, balances } = folio.services;
          for (const user of USERS) {
            const blank = { password: '', fullName: '', email: '', cardId: '', pin: '' };
            assert.ok(isRight(await users.addNewInternalUser(CONTEXT, { ...blank, username: user })));
            assert.ok(isRight(await users.setUserProperty(CONTEXT, user, 'restricted', 'true')));
            assert.ok(
              isRight(
                await balances.setUserAccountBalance(CONTEXT, user, money(STARTING_BALANCE), 'start', ''),
              ),
            );
          }
          arm();
          // Every command at once: each is decided on top of those before it, still on their way.
          const outcomes = await Promise.allSettled(
            list.map(({ user, conditional, cents }, index) => {
              const amount = money((cents / 100).toFixed(2));
              const comment = `op-${index}`;
              return conditional
                ? balances.adjustUserAccountBalanceIfAvailable(CONTEXT, user, amount, comment, '')
                : balances.adjustUserAccountBalance(CONTEXT, user, amount, comment, '');
            }),
          );
          await folio.stop();

          const written = new Map<string, { readonly amount: string }>();
          for (const user of USERS) {
            const userId = folio.models.users.findByUsername(user)?.userId ?? '';
            let balance: Money = ZERO;
            for (const recorded of await inner.readStream(`user-${userId}`)) {
              if (recorded.type !== 'UserBalanceAdjusted') continue;
              const data = recorded.data as { amount: string; balanceAfter: string; comment: string };
              balance += money(data.amount);
              assert.equal(data.balanceAfter, canonicalMoney(balance), `${user}: balances chain`);
              // Admin adjustments may take a restricted account below zero; a conditional debit never may.
              const index = Number(data.comment.slice('op-'.length));
              if (list[index]?.conditional === true && money(data.amount) < ZERO)
                assert.ok(balance >= ZERO, `${data.comment} overdrew ${user}: ${canonicalMoney(balance)}`);
              written.set(data.comment, data);
            }
            assert.equal(
              canonicalMoney(folio.models.users.findByUsername(user)?.balances[''] ?? ZERO),
              canonicalMoney(balance),
              `${user}: the read model agrees with the log`,
            );
          }
          outcomes.forEach((outcome, index) => {
            const acknowledged =
              outcome.status === 'fulfilled' && isRight(outcome.value) && outcome.value.right === true;
            assert.equal(
              written.has(`op-${index}`),
              acknowledged,
              `op-${index} was ${acknowledged ? 'acknowledged but lost' : 'refused but written'}`,
            );
          });
        },
      ),
      60,
    );
  });
});
