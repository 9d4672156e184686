/**
 * The statistics of the binarised Geant4 showers Rudolph et al. (arXiv:2305.02881, [R]) trained on, as read off their
 * plots (approximate), and a side-by-side table of a plateau dataset's statistics (stats.ts `summariseDistribution`)
 * next to them. Fig. 11: cumulative Σ_{1≤|A|≤k} z_A² for n = 10…19; only its end points are read off, and values in
 * between are interpolated log-linearly in n (labelled so). Fig. 10b: the two most probable 4×4 (n = 16) images.
 */
import { DistributionSummary } from '../stats';

export const RUDOLPH_CITATION = 'M. S. Rudolph et al., "Trainability barriers and opportunities in quantum generative modeling", arXiv:2305.02881 (npj Quantum Information 10, 116 (2024))';

/** [R] Fig. 11, read off the plot (approximate): Σ_{1≤|A|≤k} z_A² at n = 10 and n = 19, k = 1..4. */
export const RUDOLPH_FIG11 = { n: [10, 19] as const, cumulative: [[9, 17], [45, 150], [130, 850], [280, 3300]] as const };

/** [R] Fig. 10b, read off the plot (approximate): the two most probable images at n = 16, p ≈ 0.18 each. */
export const RUDOLPH_FIG10B = { n: 16, top: [0.18, 0.18] as const };

export interface ReferenceValue {
  value: number;
  how: 'read off' | 'interpolated';
}

/** [R]'s Σ_{1≤|A|≤k} z_A² at n (k = 1..4): read off at n = 10 and 19, log-linear in between, none outside. */
export function rudolphCorrelatorPower(n: number, k: number): ReferenceValue | null {
  const [n0, n1] = RUDOLPH_FIG11.n;
  if (!(k >= 1 && k <= 4 && Number.isInteger(k)) || n < n0 || n > n1) return null;
  const [v0, v1] = RUDOLPH_FIG11.cumulative[k - 1];
  if (n === n0 || n === n1) return { value: n === n0 ? v0 : v1, how: 'read off' };
  return { value: v0 * (v1 / v0) ** ((n - n0) / (n1 - n0)), how: 'interpolated' };
}

/** [R]'s probability of the rank-r (0-based) image at n, where Fig. 10b gives one. */
export const rudolphTopP = (n: number, rank: number): number | null => (n === RUDOLPH_FIG10B.n && rank < RUDOLPH_FIG10B.top.length ? RUDOLPH_FIG10B.top[rank] : null);

/** The reference values for a card: what [R] gives at this n, with how each was obtained. */
export function rudolphReference(n: number): { source: string; correlatorPowerCumulative: (ReferenceValue | null)[]; top: (number | null)[] } {
  return {
    source: `${RUDOLPH_CITATION}: Fig. 11 and Fig. 10b, read off the plots (approximate); Fig. 11 is read at n = 10 and 19 only and interpolated log-linearly in n between`,
    correlatorPowerCumulative: [1, 2, 3, 4].map((k) => rudolphCorrelatorPower(n, k)),
    top: [0, 1].map((r) => rudolphTopP(n, r)),
  };
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Lines of a table: plateau's statistics of an n-qubit dataset next to [R]'s read-off values. */
export function referenceTable(s: DistributionSummary, n: number): string[] {
  const ref = rudolphReference(n), w = Math.max(22, n + 6);
  const row = (a: string, b: string, c: string) => `  ${a.padEnd(w)}${b.padStart(10)}   ${c}`;
  const lines = [`statistics next to Rudolph et al. arXiv:2305.02881 ([R]: read off Fig. 11 / Fig. 10b, approximate)`, row('', 'plateau', '[R]')];
  s.correlatorPowerCumulative.forEach((v, i) => {
    const r = ref.correlatorPowerCumulative[i];
    lines.push(row(`Σ z_A², 1 ≤ |A| ≤ ${i + 1}`, fmt(v), r ? `${fmt(r.value)}${r.how === 'interpolated' ? ' (interpolated n = 10…19)' : ' (Fig. 11)'}` : '— (Fig. 11 covers n = 10…19)'));
  });
  lines.push(row('entropy (nats)', s.entropy.toFixed(3), '—'), row('support', String(s.support), '—'));
  s.top.forEach((t, r) => {
    const rp = ref.top[r] ?? null;
    lines.push(row(`#${r + 1} ${t.bitstring}`, t.p.toFixed(4), rp !== null ? `${rp.toFixed(2)} (Fig. 10b, 4×4 images)` : '—'));
  });
  return lines;
}
