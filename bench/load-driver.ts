import { createRawClient } from '../test/support/raw-http-client';
import { wire } from '../test/support/xmlrpc-wire';

/**
 * The load half of `npm run bench:memory`, run as its own process so that its memory is not the
 * server's: `concurrency` keep-alive clients calling a mix of reads, writes and faults for `seconds`.
 * Prints the number of calls it made.
 */
const [
  portText = '0',
  token = '',
  secondsText = '60',
  concurrencyText = '16',
  usersText = '200',
  mix = 'mixed',
] = process.argv.slice(2);
/** 'read-only' replaces the writes by reads, to tell growth caused by traffic from growth of the ledger. */
const writes = mix !== 'read-only';
const deadline = Date.now() + Number(secondsText) * 1_000;
const users = Number(usersText);

const drive = async (index: number): Promise<number> => {
  const client = createRawClient(Number(portText));
  let calls = 0;
  try {
    while (Date.now() < deadline) {
      const user = `load-${(index * 7 + calls) % users}`;
      const roll = calls % 20;
      if (roll < 10) await client.call('api.getUserAccountBalance', token, user);
      else if (roll < 13)
        await client.call(
          'api.getUserProperties',
          token,
          user,
          wire.array(wire.string('full-name'), wire.string('balance')),
        );
      else if (roll < 14) await client.call('api.listUserAccounts', token, wire.int(0), wire.int(100));
      else if (roll < 15) await client.call('api.getUserAccountBalance', token, 'no-such-user');
      else if (roll < 16) await client.call('api.getTotalUsers', 'wrong-token');
      else if (!writes) await client.call('api.isUserExists', token, user);
      else if (roll < 19)
        await client.call('api.adjustUserAccountBalance', token, user, wire.double('0.01'), 'load');
      else
        await client.call(
          'api.adjustUserAccountBalanceIfAvailable',
          token,
          user,
          wire.double('-0.01'),
          'load',
        );
      calls += 1;
    }
  } finally {
    client.close();
  }
  return calls;
};

void Promise.all(Array.from({ length: Number(concurrencyText) }, (_, index) => drive(index))).then(
  (counts) => {
    process.stdout.write(`${counts.reduce((total, count) => total + count, 0)}\n`);
  },
);
