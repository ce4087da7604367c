import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  readonly update: (position: number, headPosition: number) => void;
  readonly stop: () => void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal (cli-progress: redraws in place, ETA, clears itself);
 * nothing at all when output goes to a file or a pipe, so scripts and CI logs stay clean.
 */
export const createProgress = (label: string, enabled = true): Progress => {
  if (!enabled || !process.stderr.isTTY) return silent;
  const bar = new SingleBar(
    {
      format: `${label.padEnd(10)} [{bar}] {percentage}% | position {value}/{total} | ETA {eta}s`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (position, headPosition) => {
      if (!started) {
        bar.start(Math.max(headPosition, 1), 0);
        started = true;
      }
      bar.setTotal(Math.max(headPosition, position, 1));
      bar.update(position);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
};
