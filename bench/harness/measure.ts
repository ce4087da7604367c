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
 * A warm-up run (JIT, caches, connections), then `repeats` measured runs with the server's CPU time read
 * before and after each; the run with the least CPU per call is kept. On a shared machine other work
 * only ever adds to a run's cost (cache misses, preemption), so the cheapest run is the least disturbed
 * estimate. The load generator runs in the calling process, never in the server's.
 */
export const measure = async (
  server: ChildServer,
  load: Omit<LoadOptions, 'port'>,
  warmUpSeconds: number,
  repeats = 1,
): Promise<Measurement> => {
  await runLoad({ ...load, port: server.port, maxSeconds: warmUpSeconds });
  let best: Measurement | null = null;
  for (let run = 0; run < Math.max(1, repeats); run += 1) {
    const before = cpuMicros(server.pid);
    const result = await runLoad({ ...load, port: server.port });
    const used = cpuMicros(server.pid) - before;
    const measured: Measurement = {
      ...result,
      serverCpuMicrosPerCall: result.calls === 0 ? 0 : used / result.calls,
      serverCores: used / 1e6 / result.seconds,
    };
    if (best === null || measured.serverCpuMicrosPerCall < best.serverCpuMicrosPerCall) best = measured;
  }
  return best as Measurement;
};
