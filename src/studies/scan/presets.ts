/**
 * Named scans that reproduce the papers' trends, each small enough for a 2-core machine (≤ 1–2 min; `full` gives the
 * paper-like sizes), each with its analytic references for the plot and its key numbers for the table (outcomes.ts):
 *  mmd-product  MMD σ=1 vs σ=n/4, Haar product states, vs the closed form of [R] Eq. 235 (losses/spectrum.ts)
 *  mmd-depth    MMD σ=n/4 on line circuits, depths 0–16 and Haar: polynomial when shallow, exponential when deep ([R] §IV)
 *  kl-deep      exact KL over Haar states vs (π²/6)Σp² on GHZ / n / n² random strings / cardinality data ([R] §III)
 *  kl-shots     KL from N shots pinned at Σp̃ log(p̃/ε) until N ≈ 2^n/|supp p̃| ([R] §III)
 *  lqf-qf       local vs global quantum fidelity at 2 layers ([R] §V; Cerezo et al. 2021)
 *  mcclean      Var[∂E/∂θ₁], E = ⟨Z₀Z₁⟩, deep random circuits: slope −ln 2 (McClean et al., Nat. Commun. 9, 4812, 2018)
 *  lie-algebra  the local cost on deep free-fermion circuits (DLA so(2n), polynomial) vs the Lie-algebraic variance
 *               (Ragone et al., Nat. Commun. 15, 7172, 2024)
 *  iqp-init     IQP Born machines, MMD σ=n/4, n = 32…512 (1000 with --full) on Erdős–Rényi generators (p = 0.02, degree
 *               ∝ n): random full-range init plateaus, small-angle / Gaussian(0.1) / data-dependent do not (Lerch et al.,
 *               arXiv 2603.14576)
 */
import { ConfigError } from '../../errors';
import { PRESET_NAMES } from './presetNames';
import { PointResult } from './compute';
import { lieReferences } from './lieReference';
import { klDeep, klShots, mcclean, mmdProduct, verdictsOnly } from './outcomes';
import { emptyOutcome, mergeOutcomes, PresetOutcome } from './reference';
import { Quantity, SeriesFit } from './series';
import { ScanSpec, ScanSpecInput } from './spec';

export { trigammaInt } from './haarKl';
export type { PresetOutcome, Reference } from './reference';

export interface Preset {
  name: string;
  title: string;
  spec(full: boolean): Omit<ScanSpecInput, 'schema'>;
  /** The gradient statistic that the preset's statement is about. */
  gradientQuantity: Quantity;
  evaluate(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

export const PRESETS: Preset[] = [
  {
    name: 'mmd-product',
    title: 'MMD σ=1 vs σ=n/4 on Haar product states vs the closed form',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'product-haar',
      losses: ['mmd(1)', 'mmd(n/4)'],
      datasets: ['ghz'],
      qubits: full ? range(2, 16) : range(2, 12),
      draws: full ? 20000 : 3000,
    }),
    evaluate: (spec, points) => mmdProduct(spec, points),
  },
  {
    name: 'mmd-depth',
    title: 'MMD σ=n/4 on line circuits, depth 0–16 and Haar',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'hea-line',
      losses: ['mmd(n/4)'],
      datasets: ['ghz'],
      depths: [0, 1, 2, 4, 8, 16, 'haar'],
      qubits: full ? range(2, 14) : range(2, 10),
      draws: full ? 1000 : 300,
    }),
    evaluate: verdictsOnly('gradVarMean'),
  },
  {
    name: 'kl-deep',
    title: 'Exact KL variance of Haar states vs (π²/6)Σp²',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'haar',
      losses: ['kl'],
      datasets: ['ghz', 'random:n', 'random:n^2', 'cardinality'],
      qubits: full ? range(4, 14) : range(4, 12),
      draws: full ? 5000 : 2000,
    }),
    evaluate: (spec, points) => klDeep(spec, points),
  },
  {
    name: 'kl-shots',
    title: 'KL from N shots vs its fixed point Σp̃ log(p̃/ε)',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'haar',
      losses: ['kl'],
      datasets: ['ghz'],
      qubits: full ? [6, 8, 10, 12, 14] : [6, 8, 10],
      shots: full
        ? [10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 300000, 1000000, 'exact']
        : [10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 'exact'],
      draws: full ? 500 : 200,
    }),
    evaluate: (spec, points) => klShots(spec, points),
  },
  {
    name: 'lqf-qf',
    title: 'Local vs global quantum fidelity at 2 layers',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'hea-line',
      depths: [2],
      losses: ['lqf', 'qf'],
      datasets: ['ghz'],
      qubits: full ? range(2, 16) : range(2, 12),
      draws: full ? 1000 : 400,
    }),
    evaluate: verdictsOnly('gradVarMean'),
  },
  {
    name: 'mcclean',
    title: 'McClean et al.: Var[∂⟨Z₀Z₁⟩/∂θ₁] of deep random circuits',
    gradientQuantity: 'gradVarFirst',
    spec: (full) => ({
      ansatz: 'mcclean',
      depths: [full ? '20n' : '12n'],
      losses: ['zz'],
      qubits: full ? range(2, 14) : range(2, 10),
      draws: full ? 4000 : 600,
      circuits: full ? 200 : 30,
    }),
    evaluate: (spec, points, fits) => mergeOutcomes(mcclean(spec, points, fits), lieReferences(spec, points, 5)),
  },
  {
    name: 'lie-algebra',
    title: 'Free-fermion circuits (DLA so(2n)): the Lie-algebraic variance',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'fermion-line',
      depths: ['4n'],
      losses: ['cerezo-local'],
      qubits: full ? range(2, 14) : range(2, 10),
      draws: full ? 4000 : 1000,
    }),
    evaluate: (spec, points, fits) =>
      mergeOutcomes(verdictsOnly('gradVarMean')(spec, points, fits), lieReferences(spec, points, full(spec) ? 12 : 10)),
  },
  {
    name: 'iqp-init',
    title: 'IQP Born machines: gradient variance vs n for four initialisations (MMD σ=n/4)',
    gradientQuantity: 'gradVarMean',
    spec: (full) => ({
      ansatz: 'iqp',
      losses: ['mmd(n/4)'],
      datasets: ['random:n'],
      depths: ['random', 'small-angle', 'gaussian(0.1)', 'data'],
      qubits: full ? [32, 64, 128, 256, 512, 1000] : [32, 64, 128, 256, 512],
      draws: full ? 128 : 24,
      bootstrap: full ? 200 : 50,
      iqp: { generators: 'erdos-renyi', edgeProbability: 0.02, masks: full ? 2000 : 1000 },
    }),
    evaluate: verdictsOnly('gradVarMean'),
  },
];

const full = (spec: ScanSpec) => spec.draws >= 4000;

export { PRESET_NAMES };
if (PRESETS.map((p) => p.name).join() !== PRESET_NAMES.join())
  throw new Error(
    `presetNames.ts lists ${PRESET_NAMES.join(', ')}; presets.ts defines ${PRESETS.map((p) => p.name).join(', ')}`,
  );

export function getPreset(name: string): Preset {
  const p = PRESETS.find((x) => x.name === name);
  if (!p) throw new ConfigError(`--preset: unknown preset "${name}" (known: ${PRESET_NAMES.join(', ')})`);
  return p;
}

/** The preset's outcome for a merged scan; an empty outcome for scans without a preset. */
export function presetOutcome(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome {
  return spec.preset ? getPreset(spec.preset).evaluate(spec, points, fits) : emptyOutcome();
}
