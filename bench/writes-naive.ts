import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { createServer } from 'xmlrpc';
import { ChildReport, ParentRequest } from './writes-protocol';

/**
 * The naive durable peer of `npm run bench:writes`: the stock `xmlrpc` package's server, and for each
 * balance adjustment one SQLite transaction (WAL, synchronous=FULL), committed on the event loop
 * before the reply — durable like Folio, with one fsync per call and nothing else.
 *   node writes-naive.js DATA_DIR USERS
 */
const [dataDir = '', usersText = '65'] = process.argv.slice(2);

const db = new Database(join(dataDir, 'naive.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`
CREATE TABLE IF NOT EXISTS balances (username TEXT PRIMARY KEY, balance REAL NOT NULL);
CREATE TABLE IF NOT EXISTS adjustments (id INTEGER PRIMARY KEY, username TEXT NOT NULL, amount REAL NOT NULL, comment TEXT NOT NULL);
`);
const seed = db.prepare('INSERT OR IGNORE INTO balances (username, balance) VALUES (?, 0)');
db.transaction(() => {
  for (let index = 0; index < Number(usersText); index += 1) seed.run(`bench-${index}`);
})();
const logAdjustment = db.prepare('INSERT INTO adjustments (username, amount, comment) VALUES (?, ?, ?)');
const adjust = db.prepare('UPDATE balances SET balance = balance + ? WHERE username = ?');
const balanceOf = db.prepare<[string], { balance: number }>(
  'SELECT balance FROM balances WHERE username = ?',
);
const counts = { commits: 0, appends: 0, events: 0, refused: 0 };
const adjustDurably = db.transaction((username: string, amount: number, comment: string) => {
  if (adjust.run(amount, username).changes !== 1) throw new Error(`no user ${username}`);
  logAdjustment.run(username, amount, comment);
});

type Callback = (error: unknown, value?: unknown) => void;
const server = createServer({ host: '127.0.0.1', port: 0 }, () =>
  process.send?.({
    kind: 'ready',
    port: (server.httpServer.address() as AddressInfo).port,
  } satisfies ChildReport),
);
server.on('api.adjustUserAccountBalance', (_error: unknown, params: unknown[], callback: Callback) => {
  try {
    adjustDurably.immediate(String(params[1]), Number(params[2]), String(params[3] ?? ''));
    counts.commits += 1;
    counts.appends += 1;
    counts.events += 1;
    callback(null, true);
  } catch (error) {
    callback({ faultCode: 1, faultString: String(error) });
  }
});
server.on('api.getUserAccountBalance', (_error: unknown, params: unknown[], callback: Callback) => {
  const row = balanceOf.get(String(params[1]));
  if (row === undefined) callback({ faultCode: 1, faultString: 'no such user' });
  else callback(null, row.balance);
});
process.on('message', (message: ParentRequest) => {
  if (message.kind === 'statistics') process.send?.({ kind: 'statistics', ...counts } satisfies ChildReport);
  else
    server.httpServer.close(() => {
      db.close();
      process.exit(0);
    });
});
