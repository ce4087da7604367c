import { cpuMicros } from './child-cpu';
import { LoadOptions, LoadResult, runLoad } from './load';
import { ChildServer } from './servers';

export interface Measurement extends LoadResult {
  /** The server process's CPU time (user + system) during the measured run, divided by its calls. */
  readonly serverCpuMicrosPerCall: number;
  /** The server's CPU time as a share of the run's wall time (1 = one core busy throughout). */
  readonly serverCores: number;
}

/**
 * A warm-up run (JIT, caches, connections), then the measured run with the server's CPU time read
 * before and after it. The load generator runs in the calling process, never in the server's.
 */
export const measure = async (
  server: ChildServer,
  load: Omit<LoadOptions, 'port'>,
  warmUpSeconds: number,
): Promise<Measurement> => {
  await runLoad({ ...load, port: server.port, maxSeconds: warmUpSeconds });
  const before = cpuMicros(server.pid);
  const result = await runLoad({ ...load, port: server.port });
  const used = cpuMicros(server.pid) - before;
  return {
    ...result,
    serverCpuMicrosPerCall: result.calls === 0 ? 0 : used / result.calls,
    serverCores: used / 1e6 / result.seconds,
  };
};
