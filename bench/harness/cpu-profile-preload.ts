import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * Preloaded with `--require` (which NODE_OPTIONS allows, unlike `--cpu-prof`) into a server the bench
 * starts through someone else's launcher: profiles the whole process and writes a .cpuprofile into
 * BENCH_PROFILE_DIR when it exits, for Chrome DevTools or `bench/harness/profile-summary.js`.
 */
const directory = process.env.BENCH_PROFILE_DIR;
if (directory !== undefined && directory !== '') {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // 100 µs between samples: calls cost a few hundred µs, so the default 1 ms would blur them.
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  process.on('exit', () => {
    // A session in the same thread answers synchronously, so this completes before the process ends.
    session.post('Profiler.stop', (error, result) => {
      if (error === null)
        writeFileSync(join(directory, `folio-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
