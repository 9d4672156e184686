/**
 * Entanglement studies of [O] (SCIENCE.md §4.1–2) on random circuits: the distribution of T(ρ_v, I/D_v) over random
 * all-Pauli circuits against the bound ½√(D_v/D_h) as n_h grows; subsystem entropy vs depth against Page's value;
 * and an area- vs volume-law verdict from the slope of entropy vs subsystem size (volume law: S ≈ k ln 2 for k ≤ n/2
 * qubits; area law in 1-D: S independent of k). Random parameters are rows of θ [B, P], uniform in [0, 2π).
 */
import * as tf from '@tensorflow/tfjs';
import { hardwareEfficientAnsatz } from '../../circuit/ansatz/hardwareEfficient';
import { simulate } from '../../engines/engine';
import { hiddenUnitModel, initialParams, visibleState } from '../../models/hiddenUnit';
import { createRng, deriveSeed } from '../../rng';
import {
  reducedDensityMatrix,
  renyi2Entropy,
  traceDistanceToMaximallyMixed,
  vonNeumannEntropy,
} from '../../state/entanglement';
import { haarPurity, maximallyMixedDistanceBound, pageEntropy } from '../../state/page';
import { scoped } from '../../tfutil';
import { linearFit, LinearFit } from '../fits';
import { gradientScan, GradientScan } from '../hidden/gradients';
import { EntanglementStudyOptions } from './spec';

export interface Summary {
  mean: number;
  sd: number;
  min: number;
  max: number;
  median: number;
}

export function summarize(v: ArrayLike<number>): Summary {
  const a = Array.from(v).sort((x, y) => x - y),
    n = a.length;
  const mean = a.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, sd, min: a[0], max: a[n - 1], median: n % 2 ? a[(n - 1) / 2] : (a[n / 2 - 1] + a[n / 2]) / 2 };
}

/** Counts of `v` in `bins` equal bins over [lo, hi] (values at hi go into the last bin). */
export function histogram(
  v: ArrayLike<number>,
  lo: number,
  hi: number,
  bins: number,
): { x0: number; x1: number; count: number }[] {
  const out = Array.from({ length: bins }, (_, k) => ({
    x0: lo + ((hi - lo) * k) / bins,
    x1: lo + ((hi - lo) * (k + 1)) / bins,
    count: 0,
  }));
  for (let i = 0; i < v.length; i++)
    out[Math.min(bins - 1, Math.max(0, Math.floor(((v[i] - lo) / (hi - lo)) * bins)))].count++;
  return out;
}

/** Evaluates rows of random θ in chunks so that memory stays bounded, concatenating host results. */
function inChunks(total: number, chunk: number, fn: (start: number, size: number) => Float64Array): Float64Array {
  const out = new Float64Array(total);
  for (let s = 0; s < total; s += chunk) out.set(fn(s, Math.min(chunk, total - s)), s);
  return out;
}

export interface TraceDistanceRow {
  nHidden: number;
  nParams: number;
  bound: number;
  summary: Summary;
  /** Fraction of instances above the bound (the bound is on the mean, so some may exceed it). */
  aboveBound: number;
  values: number[];
  histogram: { x0: number; x1: number; count: number }[];
}

/** T(ρ_v, I/D_v) for `instances` random all-Pauli circuits (`layers` layers) for each n_h. */
export function traceDistanceScan(opts: {
  nVisible: number;
  nHidden: number[];
  instances: number;
  layers: number;
  seed: number;
  bins?: number;
}): TraceDistanceRow[] {
  const dv = 2 ** opts.nVisible,
    tMax = 1 - 1 / dv;
  return opts.nHidden.map((nh) => {
    const model = hiddenUnitModel({
      nVisible: opts.nVisible,
      nHidden: nh,
      ansatz: { kind: 'all-pauli', layers: opts.layers },
      seed: deriveSeed(opts.seed, 'order', nh),
    });
    const rng = createRng(deriveSeed(opts.seed, 'theta', nh)),
      P = model.circuit.nParams;
    const values = inChunks(opts.instances, 250, (_, b) =>
      scoped(() =>
        traceDistanceToMaximallyMixed(visibleState(model, tf.tensor2d(initialParams(model, rng, b), [b, P]))),
      ),
    );
    const bound = maximallyMixedDistanceBound(dv, 2 ** nh);
    return {
      nHidden: nh,
      nParams: P,
      bound,
      summary: summarize(values),
      aboveBound: values.filter((t) => t > bound).length / values.length,
      values: Array.from(values),
      histogram: histogram(values, 0, tMax, opts.bins ?? 25),
    };
  });
}

export interface DepthRow {
  depth: number;
  entropy: Summary;
  renyi2: Summary;
}

/**
 * Entropy of the first `subsystem` qubits of an n-qubit layered circuit (RY·RZ rotations, a CX cascade on a line) vs depth,
 * with Page's value and the Haar Rényi-2 value −ln((d_A + d_B)/(d_A d_B + 1)) for comparison.
 */
export function entropyVsDepth(opts: {
  nQubits: number;
  subsystem: number;
  depths: number[];
  instances: number;
  seed: number;
}): { rows: DepthRow[]; page: number; haarRenyi2: number } {
  const keep = [...Array(opts.subsystem).keys()],
    dA = 2 ** opts.subsystem,
    dB = 2 ** (opts.nQubits - opts.subsystem);
  const rows = opts.depths.map((depth) => {
    const c = hardwareEfficientAnsatz({
      nQubits: opts.nQubits,
      layers: depth,
      rotations: ['ry', 'rz'],
      entangler: 'cx',
    });
    const rng = createRng(deriveSeed(opts.seed, 'depth', depth));
    const th = Float32Array.from({ length: opts.instances * c.nParams }, () => 2 * Math.PI * rng.uniform());
    const [s, r2] = scoped(() => {
      const rho = reducedDensityMatrix(simulate(c, tf.tensor2d(th, [opts.instances, c.nParams])), keep);
      return [vonNeumannEntropy(rho), renyi2Entropy(rho).dataSync()];
    });
    return { depth, entropy: summarize(s), renyi2: summarize(r2) };
  });
  return { rows, page: pageEntropy(dA, dB), haarRenyi2: -Math.log(haarPurity(dA, dB)) };
}

export type LawVerdict = 'volume' | 'area' | 'undetermined';

export interface LawResult {
  sizes: number[];
  meanEntropy: number[];
  fit: LinearFit;
  /** slope / ln 2: 1 for maximal (Page-like) volume-law growth, 0 for an area law. */
  slopePerQubit: number;
  verdict: LawVerdict;
}

/**
 * Verdict from mean entropies of contiguous blocks of k = 1..⌊n/2⌋ qubits: OLS slope of S vs k in units of ln 2;
 * volume law if it is ≥ ½ per qubit, area law if ≤ ¼, else undetermined. (Haar states at n = 8 give ≈ 0.77: Page's
 * curve bends below k ln 2 near k = n/2.) The thresholds are this module's choice; slope and CI are reported so a
 * reader can apply their own.
 */
export function entanglementLaw(sizes: number[], meanEntropy: number[]): LawResult {
  const fit = linearFit(sizes, meanEntropy);
  const r = fit.slope / Math.LN2;
  const verdict: LawVerdict = r >= 0.5 ? 'volume' : r <= 0.25 ? 'area' : 'undetermined';
  return { sizes, meanEntropy, fit, slopePerQubit: r, verdict };
}

/** Entropy of blocks [0, k) for k = 1..⌊n/2⌋ over random instances of the layered circuit at `depth`, with a verdict. */
export function entanglementLawOfCircuit(opts: {
  nQubits: number;
  depth: number;
  instances: number;
  seed: number;
}): LawResult {
  const c = hardwareEfficientAnsatz({
    nQubits: opts.nQubits,
    layers: opts.depth,
    rotations: ['ry', 'rz'],
    entangler: 'cx',
  });
  const rng = createRng(deriveSeed(opts.seed, 'law', opts.depth));
  const th = Float32Array.from({ length: opts.instances * c.nParams }, () => 2 * Math.PI * rng.uniform());
  const sizes = Array.from({ length: Math.floor(opts.nQubits / 2) }, (_, k) => k + 1);
  const means = scoped(() => {
    const psi = simulate(c, tf.tensor2d(th, [opts.instances, c.nParams]));
    return sizes.map((k) => summarize(vonNeumannEntropy(reducedDensityMatrix(psi, [...Array(k).keys()]))).mean);
  });
  return entanglementLaw(sizes, means);
}

/** Everything the study measures: one row per n_h > 0, the entropy scan, the laws at depth 1 and max(depths), the gradients. */
export interface EntanglementResults {
  trace: TraceDistanceRow[];
  depth: ReturnType<typeof entropyVsDepth>;
  laws: ({ depth: number } & LawResult)[];
  grads: GradientScan;
}

/** Rough relative costs of the four parts (state size × repetitions), for progress lines and their ETA. */
function workOf(o: EntanglementStudyOptions) {
  const size = (nh: number) => 2 ** (o.nVisible + nh);
  return {
    trace: (nh: number) => o.instances * size(nh),
    depth: o.depthInstances * o.depths.reduce((s, d) => s + 1 + d, 0) * 2 ** o.qubits,
    laws: o.depthInstances * (2 + Math.max(...o.depths)) * 2 ** o.qubits,
    grads: 3 * o.draws * o.nHidden.reduce((s, nh) => s + size(nh), 0),
  };
}

/** The study's total work, in the units its tick reports. */
export function entanglementWork(o: EntanglementStudyOptions): number {
  const work = workOf(o);
  return o.nHidden.filter((h) => h > 0).reduce((s, nh) => s + work.trace(nh), 0) + work.depth + work.laws + work.grads;
}

export function entanglementStudy(
  o: EntanglementStudyOptions,
  tick?: (units: number, label: string) => void,
): EntanglementResults {
  const work = workOf(o);
  // one n_h at a time (each has its own seeds, so the numbers are those of one call over all of them)
  const trace = o.nHidden
    .filter((h) => h > 0)
    .flatMap((nh) => {
      const rows = traceDistanceScan({
        nVisible: o.nVisible,
        nHidden: [nh],
        instances: o.instances,
        layers: o.layers,
        seed: o.seed,
      });
      tick?.(work.trace(nh), `trace distances, n_h = ${nh}`);
      return rows;
    });
  const depth = entropyVsDepth({
    nQubits: o.qubits,
    subsystem: Math.floor(o.qubits / 2),
    depths: o.depths,
    instances: o.depthInstances,
    seed: o.seed,
  });
  tick?.(work.depth, 'entropy vs depth');
  const laws = [1, Math.max(...o.depths)].map((d) => ({
    depth: d,
    ...entanglementLawOfCircuit({ nQubits: o.qubits, depth: d, instances: o.depthInstances, seed: o.seed }),
  }));
  tick?.(work.laws, 'area and volume laws');
  const grads = gradientScan({
    nVisible: o.nVisible,
    nHidden: o.nHidden,
    draws: o.draws,
    layers: o.layers,
    seed: o.seed,
  });
  tick?.(work.grads, 'gradient variances');
  return { trace, depth, laws, grads };
}
