import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The compiled CLI, as `npx folio` runs it. */
export const folioBin = (): string => join(repoRoot(), 'dist', 'adapters', 'cli', 'main.js');

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;

export interface FolioProcess {
  readonly port: number;
  readonly url: string;
  /** SIGTERM, then the exit code once the process has ended. */
  stop(): Promise<number | null>;
  /** What the process wrote to stderr so far (its log), for failure messages. */
  stderr(): string;
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/**
 * `folio serve --port 0` on loopback in a child process; the port is read from the first line it prints
 * ("Folio is serving … at http://localhost:PORT/rpc/api/xmlrpc").
 */
export const startFolioProcess = async (dataDir: string, authToken: string): Promise<FolioProcess> => {
  const child = spawn(
    process.execPath,
    [folioBin(), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--auth-token', authToken],
    { env: { ...process.env, FOLIO_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `folio serve did not report its port within ${STARTUP_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`,
        ),
      );
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /at http:\/\/[^:/]+:(\d+)\/rpc\/api\/xmlrpc/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`folio serve exited with ${code} before listening:\n${stdout}\n${stderr}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/rpc/api/xmlrpc`,
    stderr: () => stderr,
    stop: async () => {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
};

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion; a non-zero exit is a result, not an error. */
export const run = (file: string, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
