import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { createServer as createStockServer } from 'xmlrpc';

/**
 * The two yardsticks Folio is measured against, each run as its own process by bench/harness/servers.ts:
 *   node reference-server.js raw    a raw Node `http` server answering a fixed XML-RPC reply
 *   node reference-server.js stock  the `xmlrpc` package's own server answering from an in-memory map
 * Both listen on a free loopback port and print `port N` once listening. Neither touches a disk: the
 * raw server answers a write (a body naming api.adjustUserAccountBalance) with a fixed `true`, the stock
 * server updates its map.
 */
const READ_REPLY = Buffer.from(
  '<?xml version="1.0"?><methodResponse><params><param><value><double>10.0</double></value></param></params></methodResponse>',
);
const WRITE_REPLY = Buffer.from(
  '<?xml version="1.0"?><methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>',
);
const WRITE_METHOD = Buffer.from('api.adjustUserAccountBalance');

const announce = (port: number): void => {
  process.stdout.write(`port ${port}\n`);
};

const startRaw = (): void => {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const isWrite = Buffer.concat(chunks).includes(WRITE_METHOD);
      const reply = isWrite ? WRITE_REPLY : READ_REPLY;
      response.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': reply.length });
      response.end(reply);
    });
  });
  server.listen(0, '127.0.0.1', () => announce((server.address() as AddressInfo).port));
  process.on('SIGTERM', () => process.exit(0));
};

const startStock = (): void => {
  const balances = new Map<string, number>();
  const server = createStockServer({ host: '127.0.0.1', port: 0 }, () =>
    announce((server.httpServer.address() as AddressInfo).port),
  );
  type Callback = (error: unknown, value?: unknown) => void;
  server.on('api.getUserAccountBalance', (_error: unknown, params: unknown[], callback: Callback) => {
    callback(null, balances.get(String(params[1])) ?? 10.5);
  });
  server.on('api.adjustUserAccountBalance', (_error: unknown, params: unknown[], callback: Callback) => {
    const user = String(params[1]);
    balances.set(user, (balances.get(user) ?? 10.5) + Number(params[2]));
    callback(null, true);
  });
  process.on('SIGTERM', () => process.exit(0));
};

const kind = process.argv[2];
if (kind === 'raw') startRaw();
else if (kind === 'stock') startStock();
else {
  process.stderr.write('usage: reference-server.js raw|stock\n');
  process.exit(2);
}
