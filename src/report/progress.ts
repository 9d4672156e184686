/**
 * Progress of a scan over (n, depth, draws), with ETA: a cli-progress bar on stderr, shown only when stderr is a
 * terminal and not --quiet (logs and pipes stay clean). Work is counted in cost units (studies/scan/points.ts pointCost) so that
 * the ETA is not fooled by cheap small-n points first; the bar shows the point being computed. With `lines` (the [O]
 * studies), a stderr that is not a terminal gets a plain line at every tenth of the work instead, with the ETA.
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

/** A bar over `total` units on stderr, or a no-op when `quiet` or stderr is not a TTY (plain lines with `lines`). */
export function createProgress(
  total: number,
  opts: { quiet?: boolean; title?: string; lines?: boolean } = {},
): Progress {
  if (opts.quiet || !(total > 0)) return NO_PROGRESS;
  if (!process.stderr.isTTY) return opts.lines ? lineProgress(total, opts.title ?? 'progress') : NO_PROGRESS;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${opts.title ?? 'scan'} |{bar}| {percentage}% | ETA {eta_formatted} | {what}`,
    barsize: 30,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
    clearOnComplete: true,
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

/** "12 s", "3 min 20 s", "1 h 05 min". */
export function formatSeconds(s: number): string {
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

/** One line on stderr each time the work crosses another tenth: `remedies: 30% (random, seed 3), 4.1 s, ETA 9.6 s`. */
function lineProgress(total: number, title: string): Progress {
  const t0 = performance.now();
  let done = 0,
    shown = 0,
    what = '';
  return {
    tick(units, label) {
      done += units;
      if (label !== undefined) what = label;
      const tenth = Math.floor((10 * Math.min(done, total)) / total);
      if (tenth <= shown) return;
      shown = tenth;
      const s = (performance.now() - t0) / 1000,
        eta = done < total ? `, ETA ${formatSeconds((s * (total - done)) / done)}` : '';
      process.stderr.write(`${title}: ${tenth * 10}%${what ? ` (${what})` : ''}, ${formatSeconds(s)}${eta}\n`);
    },
    label: (l) => void (what = l),
    stop: () => undefined,
  };
}
