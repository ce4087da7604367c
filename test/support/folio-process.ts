import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The compiled CLI, as `npx folio` runs it. */
export const folioBin = (): string => join(repoRoot(), 'dist', 'adapters', 'cli', 'main.js');

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;

export interface FolioProcess {
  readonly pid: number;
  /** The port of the first address the banner names (plain HTTP, or HTTPS when plain HTTP is off). */
  readonly port: number;
  readonly url: string;
  /** The HTTPS port when the banner names one besides plain HTTP. */
  readonly tlsPort: number | null;
  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then the exit code once the process has ended. */
  stop(): Promise<number | null>;
  /** What the process wrote to stderr so far (its log), for failure messages. */
  stderr(): string;
  /** How the process ended ('exit code 0', 'killed by SIGKILL'), or 'running'. */
  exitDescription(): string;
}

/** The exit code, or the name of the signal that ended the process (as `null` would hide it). */
const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const describeExit = (child: ChildProcess): string =>
  child.signalCode !== null ? `killed by ${child.signalCode}` : `exit code ${String(child.exitCode)}`;

export interface FolioProcessOptions {
  /** More `folio serve` arguments (e.g. --config FILE, --no-http). */
  readonly args?: readonly string[];
  /** More environment variables (FOLIO_LOG_LEVEL defaults to warn). */
  readonly env?: Readonly<Record<string, string>>;
}

/** `serve` on a free loopback port, with its data folder and one start-up token. */
const serveArguments = (dataDir: string, authToken: string): string[] => [
  'serve',
  '--port',
  '0',
  '--host',
  '127.0.0.1',
  '--data',
  dataDir,
  '--auth-token',
  authToken,
];

/**
 * `folio serve --port 0` on loopback in a child process; the port is read from the first line it prints
 * ("Folio is serving … at http://localhost:PORT/rpc/api/xmlrpc").
 */
export const startFolioProcess = async (
  dataDir: string,
  authToken: string,
  options: FolioProcessOptions = {},
): Promise<FolioProcess> => {
  const child = spawn(
    process.execPath,
    [folioBin(), ...serveArguments(dataDir, authToken), ...(options.args ?? [])],
    {
      env: { ...process.env, FOLIO_LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let tlsPort: number | null = null;
  let scheme = 'http';
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
      const match =
        /at (https?):\/\/[^:/]+:(\d+)\/rpc\/api\/xmlrpc\n(?:  tls: +https:\/\/[^:/]+:(\d+))?/.exec(stdout);
      if (match && stdout.includes('  auth:')) {
        clearTimeout(timer);
        scheme = match[1] ?? 'http';
        tlsPort = match[3] === undefined ? null : Number(match[3]);
        resolve(Number(match[2]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`folio serve exited with ${code} before listening:\n${stdout}\n${stderr}`));
    });
  });
  return {
    pid: child.pid ?? 0,
    port,
    tlsPort,
    url: `${scheme}://127.0.0.1:${port}/rpc/api/xmlrpc`,
    stderr: () => stderr,
    exitDescription: () =>
      child.exitCode === null && child.signalCode === null ? 'running' : describeExit(child),
    kill: async () => {
      const exited = exitOf(child);
      child.kill('SIGKILL');
      await exited;
    },
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

/**
 * `folio serve` started and SIGKILLed after `killAfterMs`, whether or not it finished starting: a crash
 * during start-up (catching up, recovering unfinished operations). Resolves once it is gone.
 */
export const killFolioProcessDuringStart = async (
  dataDir: string,
  authToken: string,
  killAfterMs: number,
): Promise<void> => {
  const child = spawn(
    process.execPath,
    [folioBin(), 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--auth-token', authToken],
    { env: { ...process.env, FOLIO_LOG_LEVEL: 'warn' }, stdio: 'ignore' },
  );
  const exited = exitOf(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
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

/** `folio serve` run to its end: for starts that must be refused (a served, damaged or read-only folder). */
export const runFolioServe = (
  dataDir: string,
  authToken: string,
  args: readonly string[] = [],
  timeoutMs?: number,
): Promise<RunResult> =>
  run(process.execPath, [folioBin(), ...serveArguments(dataDir, authToken), ...args], timeoutMs);

/** A `folio` command (`call`, `server-command`) against a running server, on its port, with its token. */
export const runAgainst = (
  server: Pick<FolioProcess, 'port'>,
  authToken: string,
  command: string,
  words: readonly string[],
): Promise<RunResult> =>
  run(process.execPath, [
    folioBin(),
    command,
    ...words,
    '--host',
    '127.0.0.1',
    '--port',
    String(server.port),
    '--auth-token',
    authToken,
  ]);
