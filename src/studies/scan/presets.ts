/**
 * Named scans that reproduce the papers' trends, each small enough for a 2-core machine (≤ 1–2 min; `full` gives the
 * paper-like sizes), each with its analytic reference for the plot and its key numbers for the table:
 *  mmd-product  MMD σ=1 vs σ=n/4, Haar product states, vs the closed form of [R] Eq. 235 (losses/spectrum.ts)
 *  mmd-depth    MMD σ=n/4 on line circuits, depths 0–16 and Haar: polynomial when shallow, exponential when deep ([R] §IV)
 *  kl-deep      exact KL over Haar states vs (π²/6)Σp² on GHZ / n / n² random strings / cardinality data ([R] §III)
 *  kl-shots     KL from N shots pinned at Σp̃ log(p̃/ε) until N ≈ 2^n/|supp p̃| ([R] §III)
 *  lqf-qf       local vs global quantum fidelity at 2 layers ([R] §V; Cerezo et al. 2021)
 *  mcclean      Var[∂E/∂θ₁], E = ⟨Z₀Z₁⟩, deep random circuits: slope −ln 2 (McClean et al., Nat. Commun. 9, 4812, 2018)
 *  iqp-init     IQP Born machines, MMD σ=n/4, n = 32…512 (1000 with --full) on Erdős–Rényi generators (p = 0.02, degree
 *               ∝ n): random full-range init plateaus, small-angle / Gaussian(0.1) / data-dependent do not (Lerch et al.,
 *               arXiv 2603.14576)
 */
import { ConfigError } from '../../errors';
import { resolveBandwidth } from '../../losses/bandwidth';
import { productAnsatzMmdVariance } from '../../losses/spectrum';
import { PointResult } from './compute';
import { scanCircuit } from './ansatz';
import { scanDistribution } from './datasets';
import { scanLossKey } from './losses';
import { Quantity, scanSeries, SeriesFit } from './series';
import { ScanSpec, ScanSpecInput } from './spec';

export interface Reference {
  /** Which chart it belongs on: gradient variance, loss variance, or loss mean vs shots. */
  chart: 'gradient' | 'loss' | 'shots';
  name: string;
  points: { x: number; y: number }[];
}

export interface PresetOutcome {
  references: Reference[];
  rules: { chart: 'shots'; x: number; name: string }[];
  /** Lines for the table, comparing measured numbers with the references. */
  keyNumbers: string[];
  /** The same numbers by name, for tests and scripts. */
  values: Record<string, number>;
}

export interface Preset {
  name: string;
  title: string;
  spec(full: boolean): Omit<ScanSpecInput, 'schema'>;
  /** The gradient statistic that the preset's statement is about. */
  gradientQuantity: Quantity;
  evaluate(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;
const g3 = (x: number) => (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3));
const empty = (): PresetOutcome => ({ references: [], rules: [], keyNumbers: [], values: {} });
const verdictLines = (fits: SeriesFit[], q: Quantity) => fits.filter((f) => f.quantity === q).map((f) => `${f.label}: ${f.verdict?.text ?? f.note}`);

/** Closed form vs measured Var[L] per n for the MMD series. */
function mmdProduct(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = empty();
  if (spec.ansatz !== 'product-haar') out.keyNumbers.push(`note: the closed form assumes Haar single-qubit unitaries; ansatz "${spec.ansatz}" is not that, expect a mismatch`);
  for (const s of scanSeries(spec, points)) {
    const l = spec.losses.find((x) => scanLossKey(x) === s.loss);
    if (!l || l.loss !== 'mmd' || s.shots !== null || !s.dataset) continue;
    const ratios: string[] = [];
    const ref: Reference = { chart: 'loss', name: `closed form ([R] Eq. 235), ${s.label}`, points: [] };
    for (const r of s.rows) {
      const closed = productAnsatzMmdVariance(scanDistribution(s.dataset, r.n, spec.seed), l.sigmas.map((b) => resolveBandwidth(b, r.n))).variance;
      const ratio = r.entry.lossVar.value / closed - 1;
      ref.points.push({ x: r.n, y: closed });
      out.values[`dev:${s.key}:n=${r.n}`] = ratio;
      ratios.push(`n=${r.n} ${pct(ratio)}`);
    }
    out.references.push(ref);
    out.keyNumbers.push(`${s.label}: Var[L] vs closed form: ${ratios.join(', ')}`);
  }
  return out;
}

/** ψ₁(N), the trigamma function at an integer N ≥ 1: π²/6 − Σ_{k<N} 1/k², or its asymptotic series for N ≥ 10. */
export function trigammaInt(N: number): number {
  if (N < 10) {
    let s = Math.PI ** 2 / 6;
    for (let k = 1; k < N; k++) s -= 1 / (k * k);
    return s;
  }
  return 1 / N + 1 / (2 * N ** 2) + 1 / (6 * N ** 3) - 1 / (30 * N ** 5) + 1 / (42 * N ** 7);
}

/**
 * Exact KL variance of Haar states vs [R]'s (π²/6)Σp². For a Haar state q = E/S with E_x iid Exp(1) and S = ΣE, q is
 * independent of S, so Cov(ln E_x, ln S) = Var(ln S) = ψ₁(2^n) and Var[Σ p ln q] = (π²/6)Σp² − ψ₁(2^n) exactly (ε
 * clipping aside): [R]'s form is its large-n limit, off by ≈ 2^{−n} when p̃ is spread over many strings.
 */
function klDeep(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = empty();
  for (const s of scanSeries(spec, points)) {
    if (!s.loss.startsWith('kl') || s.shots !== null || s.depth !== 'haar' || !s.dataset) continue;
    const paper: Reference = { chart: 'loss', name: `(π²/6)Σp², ${s.dataset}`, points: [] };
    const exact: Reference = { chart: 'loss', name: `(π²/6)Σp² − ψ₁(2^n), ${s.dataset}`, points: [] };
    const parts: string[] = [];
    for (const r of s.rows) {
      const p = scanDistribution(s.dataset, r.n, spec.seed);
      const y = (Math.PI ** 2 / 6) * p.reduce((a, v) => a + v * v, 0), e = y - trigammaInt(2 ** r.n);
      paper.points.push({ x: r.n, y });
      exact.points.push({ x: r.n, y: e });
      out.values[`dev:${s.dataset}:n=${r.n}`] = r.entry.lossVar.value / y - 1;
      out.values[`devExact:${s.dataset}:n=${r.n}`] = r.entry.lossVar.value / e - 1;
      parts.push(`n=${r.n} ${g3(r.entry.lossVar.value)} (${pct(r.entry.lossVar.value / y - 1)}, ${pct(r.entry.lossVar.value / e - 1)})`);
    }
    out.references.push(paper, exact);
    out.keyNumbers.push(`${s.dataset}: Var[KL] (vs (π²/6)Σp², vs (π²/6)Σp² − ψ₁(2^n)): ${parts.join(', ')}`);
  }
  return out;
}

/** KL from shots vs its fixed point Σp̃ log(p̃/ε), per n. */
function klShots(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = empty();
  const shots = spec.shots.filter((s): s is number => s !== 'exact');
  const lo = Math.min(...shots), hi = Math.max(...shots);
  const done = new Set<string>();
  for (const s of scanSeries(spec, points)) {
    const l = spec.losses.find((x) => scanLossKey(x) === s.loss);
    if (!l || l.loss !== 'kl' || !s.dataset) continue;
    const eps = l.epsilon ?? 1e-6;
    for (const r of s.rows) {
      const p = scanDistribution(s.dataset, r.n, spec.seed);
      const fixed = p.reduce((a, v) => a + (v > 0 ? v * Math.log(v / eps) : 0), 0);
      const tag = `${s.dataset}:n=${r.n}`;
      if (!done.has(s.dataset)) {
        out.references.push({ chart: 'shots', name: `fixed point Σp̃ log(p̃/ε), ${s.dataset}`, points: [{ x: lo, y: fixed }, { x: hi, y: fixed }] });
        done.add(s.dataset);
      }
      if (!out.rules.some((u) => u.x === 2 ** r.n)) out.rules.push({ chart: 'shots', x: 2 ** r.n, name: `2^${r.n}` });
      if (s.shots === null) out.values[`exact:${tag}`] = r.entry.lossMean.value;
      else {
        out.values[`dev:${tag}:N=${s.shots}`] = r.entry.lossMean.value / fixed - 1;
        out.values[`miss:${tag}:N=${s.shots}`] = r.entry.missFraction ?? NaN;
      }
    }
  }
  for (const n of spec.qubits)
    for (const d of spec.datasets) {
      const tag = `${d}:n=${n}`, parts = shots.map((N) => `N=${N}: ${pct(out.values[`dev:${tag}:N=${N}`])} (${Math.round(100 * out.values[`miss:${tag}:N=${N}`])}% pinned)`);
      out.keyNumbers.push(`${d}, n=${n} (2^n=${2 ** n}): mean KL vs fixed point: ${parts.join('; ')}${out.values[`exact:${tag}`] !== undefined ? `; exact mean ${g3(out.values[`exact:${tag}`])}` : ''}`);
    }
  return out;
}

/**
 * McClean et al.'s 2-design values. For a traceless H with Tr H² = d (Z₀Z₁, d = 2^n) and V a unitary 2-design after the
 * first gate exp(−iθP/2): ∂E/∂θ = Tr(C V†HV), C = i[ρ, P/2], so by the Haar second moment
 * Var = Tr(C²)·Tr(H²)/(d² − 1) = d(1 − ⟨P⟩²)/(2(d² − 1)), with ⟨P⟩ on RY(π/4)|0⟩: X, Z → ½, Y → 1 for 1 − ⟨P⟩².
 * Averaged over the instances' first gates (draw-weighted). Var[E] of a Haar state: 1/(d + 1).
 */
function mcclean(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome {
  const out = empty();
  const oneMinus: Record<string, number> = { rx: 0.5, ry: 1, rz: 0.5 };
  const gradRef = (p: PointResult) => {
    const d = 2 ** p.n;
    let acc = 0;
    for (let k = 0; k < spec.circuits; k++) {
      const c = scanCircuit(spec.ansatz, p.n, p.layers, spec.seed, k).circuit!;
      const first = c.gates.find((g) => g.params?.some((a) => typeof a !== 'number'))!;
      const rows = Math.floor(((k + 1) * spec.draws) / spec.circuits) - Math.floor((k * spec.draws) / spec.circuits);
      acc += (rows / spec.draws) * (oneMinus[first.kind] ?? NaN);
    }
    return (d * acc) / (2 * (d * d - 1));
  };
  for (const s of scanSeries(spec, points)) {
    if (spec.ansatz !== 'mcclean' || s.loss !== 'zz' || s.depth === 'haar') continue;
    const g = s.rows.map((r) => ({ x: r.n, y: gradRef(r.point) }));
    out.references.push({ chart: 'gradient', name: `2-design value d(1−⟨P⟩²)/(2(d²−1)), ${s.label}`, points: g });
    out.references.push({ chart: 'loss', name: `Haar value 1/(2^n+1), ${s.label}`, points: s.rows.map((r) => ({ x: r.n, y: 1 / (2 ** r.n + 1) })) });
    const parts = s.rows.map((r, i) => {
      const dev = (r.entry.grad?.varFirst.value ?? NaN) / g[i].y - 1;
      out.values[`dev:${s.key}:n=${r.n}`] = dev;
      return `n=${r.n} ${pct(dev)}`;
    });
    out.keyNumbers.push(`${s.label}: Var[∂E/∂θ₁] vs 2-design value: ${parts.join(', ')}`);
  }
  for (const f of fits.filter((x) => x.quantity === 'gradVarFirst' && x.verdict)) {
    const e = f.verdict!.exponential;
    out.values[`slope:${f.series}`] = e.slope;
    out.values[`slopeLo:${f.series}`] = e.slopeCI[0];
    out.values[`slopeHi:${f.series}`] = e.slopeCI[1];
    const f3 = (x: number) => x.toFixed(3).replace('-', '−');
    out.keyNumbers.push(`${f.label}: slope of ln Var[∂E/∂θ₁] = ${f3(e.slope)} (${Math.round(spec.level * 100)}% CI ${f3(e.slopeCI[0])}…${f3(e.slopeCI[1])}) vs −ln 2 = −0.693`);
  }
  return out;
}

/** Verdict lines only (no analytic reference exists). */
const verdictsOnly = (q: Quantity) => (_spec: ScanSpec, _points: PointResult[], fits: SeriesFit[]): PresetOutcome => {
  const out = empty();
  out.keyNumbers.push(...verdictLines(fits, q));
  for (const f of fits) if (f.verdict) {
    out.values[`expSlope:${f.quantity}:${f.series}`] = f.verdict.exponential.slope;
    out.values[`powSlope:${f.quantity}:${f.series}`] = f.verdict.powerLaw.slope;
    out.values[`deltaBic:${f.quantity}:${f.series}`] = f.verdict.deltaBic;
  }
  return out;
};

export const PRESETS: Preset[] = [
  {
    name: 'mmd-product', title: 'MMD σ=1 vs σ=n/4 on Haar product states vs the closed form', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'product-haar', losses: ['mmd(1)', 'mmd(n/4)'], datasets: ['ghz'], qubits: full ? range(2, 16) : range(2, 12), draws: full ? 20000 : 3000 }),
    evaluate: (spec, points) => mmdProduct(spec, points),
  },
  {
    name: 'mmd-depth', title: 'MMD σ=n/4 on line circuits, depth 0–16 and Haar', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'hea-line', losses: ['mmd(n/4)'], datasets: ['ghz'], depths: [0, 1, 2, 4, 8, 16, 'haar'], qubits: full ? range(2, 14) : range(2, 10), draws: full ? 1000 : 300 }),
    evaluate: verdictsOnly('gradVarMean'),
  },
  {
    name: 'kl-deep', title: 'Exact KL variance of Haar states vs (π²/6)Σp²', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'haar', losses: ['kl'], datasets: ['ghz', 'random:n', 'random:n^2', 'cardinality'], qubits: full ? range(4, 14) : range(4, 12), draws: full ? 5000 : 2000 }),
    evaluate: (spec, points) => klDeep(spec, points),
  },
  {
    name: 'kl-shots', title: 'KL from N shots vs its fixed point Σp̃ log(p̃/ε)', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'haar', losses: ['kl'], datasets: ['ghz'], qubits: full ? [6, 8, 10, 12, 14] : [6, 8, 10], shots: full ? [10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 300000, 1000000, 'exact'] : [10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000, 'exact'], draws: full ? 500 : 200 }),
    evaluate: (spec, points) => klShots(spec, points),
  },
  {
    name: 'lqf-qf', title: 'Local vs global quantum fidelity at 2 layers', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'hea-line', depths: [2], losses: ['lqf', 'qf'], datasets: ['ghz'], qubits: full ? range(2, 16) : range(2, 12), draws: full ? 1000 : 400 }),
    evaluate: verdictsOnly('gradVarMean'),
  },
  {
    name: 'mcclean', title: 'McClean et al.: Var[∂⟨Z₀Z₁⟩/∂θ₁] of deep random circuits', gradientQuantity: 'gradVarFirst',
    spec: (full) => ({ ansatz: 'mcclean', depths: [full ? '20n' : '12n'], losses: ['zz'], qubits: full ? range(2, 14) : range(2, 10), draws: full ? 4000 : 600, circuits: full ? 200 : 30 }),
    evaluate: mcclean,
  },
  {
    name: 'iqp-init', title: 'IQP Born machines: gradient variance vs n for four initialisations (MMD σ=n/4)', gradientQuantity: 'gradVarMean',
    spec: (full) => ({ ansatz: 'iqp', losses: ['mmd(n/4)'], datasets: ['random:n'], depths: ['random', 'small-angle', 'gaussian(0.1)', 'data'], qubits: full ? [32, 64, 128, 256, 512, 1000] : [32, 64, 128, 256, 512], draws: full ? 128 : 24, bootstrap: full ? 200 : 50, iqp: { generators: 'erdos-renyi', edgeProbability: 0.02, masks: full ? 2000 : 1000 } }),
    evaluate: verdictsOnly('gradVarMean'),
  },
];

export const PRESET_NAMES = PRESETS.map((p) => p.name);

export function getPreset(name: string): Preset {
  const p = PRESETS.find((x) => x.name === name);
  if (!p) throw new ConfigError(`--preset: unknown preset "${name}" (known: ${PRESET_NAMES.join(', ')})`);
  return p;
}

/** The preset's outcome for a merged scan; an empty outcome for scans without a preset. */
export function presetOutcome(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome {
  return spec.preset ? getPreset(spec.preset).evaluate(spec, points, fits) : empty();
}

