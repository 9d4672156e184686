/**
 * Progress of a long computation (a scan over (n, depth, draws), reading image files), with ETA: a cli-progress bar
 * on stderr, shown only when stderr is a terminal and not --quiet (logs and pipes stay clean). A scan counts work in
 * cost units (studies/scan/points.ts pointCost) so that the ETA is not fooled by cheap small-n points first; the bar
 * shows the point being computed.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** Adds `units` of finished work; `label` describes what runs now. */
  tick(units: number, label?: string): void;
  /** Sets the label without adding work. */
  label(label: string): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { tick: () => undefined, label: () => undefined, stop: () => undefined };

/** A bar over `total` units on stderr, or a no-op when `quiet` or stderr is not a TTY. */
export function createProgress(total: number, opts: { quiet?: boolean; title?: string } = {}): Progress {
  if (opts.quiet || !process.stderr.isTTY || !(total > 0)) return NO_PROGRESS;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${opts.title ?? 'scan'} |{bar}| {percentage}% | ETA {eta_formatted} | {what}`,
    barsize: 30, hideCursor: true, etaBuffer: 50, fps: 5, clearOnComplete: true,
  });
  // cost units can reach 1e12; the bar only needs their share, so it counts in per-mille steps
  const scale = 1000 / total;
  let done = 0;
  bar.start(1000, 0, { what: '' });
  return {
    tick(units, label) {
      done += units;
      bar.update(Math.min(1000, Math.round(done * scale)), label === undefined ? undefined : { what: label });
    },
    label: (l) => bar.update({ what: l }),
    stop: () => bar.stop(),
  };
}
