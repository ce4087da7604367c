import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (100 on every common Linux build). */
const clockTicksPerSecond = (() => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system) a process has used so far, in microseconds, read from /proc/<pid>/stat.
 * Read from outside the process, so a server is measured the same way whether it is Folio, a raw
 * `http` server or the stock `xmlrpc` server, with nothing added to its code. Resolution is one clock
 * tick (10 ms): measure over seconds, not single calls.
 */
export const cpuMicros = (pid: number): number => cpuMicrosOf(`/proc/${pid}/stat`, pid);

/** The same, of the process's main thread alone (whose thread id is the process id): its event loop. */
export const mainThreadCpuMicros = (pid: number): number => cpuMicrosOf(`/proc/${pid}/task/${pid}/stat`, pid);

const cpuMicrosOf = (statFile: string, pid: number): number => {
  const stat = readFileSync(statFile, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`cannot read the CPU time of ${pid}`);
  return ((utime + stime) * 1e6) / clockTicksPerSecond;
};
