/**
 * The nonparametric bootstrap (Efron & Tibshirani 1993): resamples of D draws with replacement, as multiplicities
 * (each draw's count in the resample, Σ = D) so a statistic that is a weighted sum visits only the draws picked, and
 * percentile intervals from the resampled statistics (type-7 quantiles, §13). Seeded through plateau's Rng, so shards
 * and reruns reproduce every interval.
 */
import { createRng } from '../rng';
import { quantileSorted } from './quantile';

/** A statistic with its bootstrap interval (null without resamples). */
export interface Estimate {
  value: number;
  lo: number | null;
  hi: number | null;
}

/** One resample: the draws picked at least once and their multiplicities (Σ mult = D). */
export interface Resample {
  rows: Uint32Array;
  mult: Float64Array;
}

/** All D draws once: the full sample as a Resample. */
export function fullSample(D: number): Resample {
  return { rows: Uint32Array.from({ length: D }, (_, b) => b), mult: new Float64Array(D).fill(1) };
}

/**
 * Calls `visit(resample, r)` for r = 0 … R−1, each resample drawn as D uniform picks rng.int(D) from `seed`. The
 * arrays handed to `visit` are reused: read them inside the call.
 */
export function forEachResample(D: number, R: number, seed: number, visit: (s: Resample, r: number) => void): void {
  const rng = createRng(seed),
    counts = new Uint32Array(D),
    rowsBuf = new Uint32Array(D),
    multBuf = new Float64Array(D);
  for (let r = 0; r < R; r++) {
    counts.fill(0);
    for (let b = 0; b < D; b++) counts[rng.int(D)]++;
    let nz = 0;
    for (let b = 0; b < D; b++)
      if (counts[b]) {
        rowsBuf[nz] = b;
        multBuf[nz++] = counts[b];
      }
    visit({ rows: rowsBuf.subarray(0, nz), mult: multBuf.subarray(0, nz) }, r);
  }
}

/** `value` with the central `level` percentile interval of its resampled values (none when there are none). */
export function percentileInterval(samples: Float64Array, value: number, level: number): Estimate {
  if (samples.length === 0) return { value, lo: null, hi: null };
  const s = Float64Array.from(samples).sort();
  return { value, lo: quantileSorted(s, (1 - level) / 2), hi: quantileSorted(s, (1 + level) / 2) };
}
