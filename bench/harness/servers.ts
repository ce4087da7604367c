import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFolioProcess } from '../../test/support/folio-process';

/** A server under test, in a process of its own so that its CPU time is its alone. */
export interface ChildServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** A reference server of bench/harness/reference-server.ts: `raw` (fixed reply) or `stock` (the xmlrpc package). */
export const startReferenceServer = async (kind: 'raw' | 'stock'): Promise<ChildServer> => {
  const child = spawn(process.execPath, [join(__dirname, 'reference-server.js'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the ${kind} server did not report its port within ${STARTUP_TIMEOUT_MS} ms`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^port (\d+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} server exited with ${code} before listening`));
    });
  });
  return {
    name: kind,
    pid: child.pid ?? 0,
    port,
    stop: async () => {
      const done = exited(child);
      child.kill('SIGTERM');
      await done;
    },
  };
};

/**
 * `folio serve` on a data folder, as production runs it (embedded store, warn-level log). With a
 * `profileDir`, the server is profiled for its whole life and writes a .cpuprofile there on exit.
 */
export const startFolioServer = async (
  dataDir: string,
  token: string,
  profileDir = '',
): Promise<ChildServer> => {
  const folio = await startFolioProcess(
    dataDir,
    token,
    profileDir === ''
      ? {}
      : {
          env: {
            NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}`,
            BENCH_PROFILE_DIR: profileDir,
          },
        },
  );
  return {
    name: 'folio',
    pid: folio.pid,
    port: folio.port,
    stop: async () => {
      await folio.stop();
    },
  };
};
