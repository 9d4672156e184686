/**
 * Gradient-variance scans of IQP Born machines (`--ansatz iqp`), n up to 1000. A point is (n, initialisation): the
 * "depths" of an IQP scan name initialisations — random (θ uniform on [0, 2π), full range), small-angle[(ε)] (uniform
 * on [−ε, ε], default ε = 1/√degree), gaussian(σ₀) (N(0, σ₀²)), data[(s)] (the data-dependent angles of
 * models/iqp/init.ts plus N(0, s²) jitter, default s = 0.1, since a deterministic start has no variance) — and draws
 * are independent θ. The loss is MMD² at the scan's bandwidths over one fixed seeded set of masks a per point
 * (`iqp.masks`, stratified over σ; the same for every draw), with ⟨Z_a⟩_θ EXACT in z by the closed form of
 * models/iqp/closedForm.ts (all generators ≤ 2-body): no z-sampling noise floor hides an exponentially small variance.
 * Data at any n come as bit rows: ghz, random:<count>, cardinality[:k], parity, uniform (2000 seeded rows where the
 * support is too large to list), file:PATH (a dataset folder of any width, {n} = qubits).
 */
import * as fs from 'fs';
import { BitRows, emptyRows, setBit, weighted, WeightedRows, zCorrelators } from '../../data/bitRows';
import { loadWideDataset, wideFromDataset } from '../../data/wideData';
import { ConfigError } from '../../errors';
import { resolveBandwidth } from '../../losses/bandwidth';
import { exactCorrelators, requireTwoBody } from '../../models/iqp/closedForm';
import { Generators, GeneratorSpec, iqpGenerators } from '../../models/iqp/generators';
import { IqpInit, initialIqpTheta } from '../../models/iqp/init';
import { bernoulliRows, kernelFlipProbability } from '../../models/iqp/tables';
import { resolveProjectPath } from '../../paths';
import { createRng, deriveSeed } from '../../rng';
import { EntryResult, PointHooks, PointResult } from './compute';
import { scanDataset } from './datasets';
import { scanLossKey } from './losses';
import { ScanPoint } from './points';
import { ScanSpec } from './spec';
import { drawStats } from './stats';

/** Largest register of an IQP scan. */
export const MAX_IQP_SCAN_QUBITS = 1000;
/** Rows sampled for datasets whose support is too large to list. */
const SAMPLED_ROWS = 2000;

export interface IqpScanOptions {
  generators: GeneratorSpec['topology'];
  degree?: number;
  edgeProbability?: number;
  /** Masks a per point (shared by all draws). */
  masks: number;
}

export const INIT_SYNTAX = 'random, small-angle[(ε)], gaussian(σ₀), data[(s)]';

/** An initialisation name → how θ is drawn ('data' jitters the data-dependent angles by N(0, s²)). */
export function parseIqpInit(name: string | number, where = 'depths'): { init: IqpInit; jitter: number } {
  const m = /^\s*([a-z-]+)\s*(?:\(\s*([\d.eE+-]+)\s*\))?\s*$/.exec(String(name)),
    arg = m?.[2] === undefined ? undefined : Number(m[2]);
  const bad = () =>
    new ConfigError(
      `${where}: an IQP scan's "depths" are initialisations (${INIT_SYNTAX}), got ${JSON.stringify(name)}`,
    );
  if (!m || (arg !== undefined && !(Number.isFinite(arg) && arg >= 0))) throw bad();
  switch (m[1]) {
    case 'random':
      if (arg !== undefined) throw bad();
      return { init: { kind: 'uniform', low: 0, high: 2 * Math.PI }, jitter: 0 };
    case 'small-angle':
      return { init: { kind: 'small-angle', epsilon: arg }, jitter: 0 };
    case 'gaussian':
      if (arg === undefined) throw bad();
      return { init: { kind: 'normal', mean: 0, std: arg }, jitter: 0 };
    case 'data':
      return { init: { kind: 'data' }, jitter: arg ?? 0.1 };
    default:
      throw bad();
  }
}

export function iqpScanGenerators(o: IqpScanOptions, n: number): Generators {
  const g = iqpGenerators(
    { topology: o.generators, degree: o.degree, edgeProbability: o.edgeProbability, seed: 'scan' },
    n,
  );
  requireTwoBody(g, 'iqp scan');
  return g;
}

function sampledRows(
  n: number,
  seed: string,
  row: (rng: ReturnType<typeof createRng>, set: (q: number) => void) => void,
): WeightedRows {
  const rng = createRng(seed),
    r = emptyRows(n, SAMPLED_ROWS);
  for (let i = 0; i < SAMPLED_ROWS; i++) row(rng, (q) => setBit(r, i, q));
  return weighted(r);
}

/** The data of a scan dataset name at n qubits, as weighted bit rows. */
export function scanRows(name: string, n: number, seed: number, where = 'datasets'): WeightedRows {
  const [kind, arg] = name.includes(':')
    ? [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)]
    : [name, undefined];
  if (kind === 'file') {
    const dir = resolveProjectPath(arg!.replace(/\{n\}/g, String(n)));
    if (!fs.existsSync(dir)) throw new ConfigError(`${where}: "${name}" at n = ${n}: ${dir}: no such folder`);
    const w = loadWideDataset(dir);
    if (w.card.nQubits !== n)
      throw new ConfigError(`${where}: "${name}" at n = ${n}: ${dir} has ${w.card.nQubits} qubits`);
    return weighted(w.rows, w.weights);
  }
  if (n <= 20) {
    const ds = wideFromDataset(scanDataset(name, n, seed, where));
    return weighted(ds.rows, ds.weights);
  }
  const s = `${deriveSeed(seed, 'scan-data')}/${name}/${n}`;
  const choose = (rng: ReturnType<typeof createRng>, k: number, set: (q: number) => void) => {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(n - i);
      [perm[i], perm[j]] = [perm[j], perm[i]];
      set(perm[i]);
    }
  };
  switch (kind) {
    case 'ghz': {
      const r = emptyRows(n, 2);
      for (let q = 0; q < n; q++) setBit(r, 1, q);
      return weighted(r);
    }
    case 'uniform':
      return sampledRows(n, s, (rng, set) => {
        for (let q = 0; q < n; q++) if (rng.uniform() < 0.5) set(q);
      });
    case 'parity':
      return sampledRows(n, s, (rng, set) => {
        let par = 0;
        for (let q = 1; q < n; q++)
          if (rng.uniform() < 0.5) {
            set(q);
            par ^= 1;
          }
        if (par) set(0);
      });
    case 'cardinality': {
      const k = arg === undefined ? Math.floor(n / 2) : Number(arg);
      if (!(Number.isInteger(k) && k >= 0 && k <= n))
        throw new ConfigError(`${where}: "${name}" at n = ${n}: weight must be in 0..n`);
      return sampledRows(n, s, (rng, set) => choose(rng, k, set));
    }
    case 'random': {
      const m = /^(\d*)\*?n(?:\^(\d+))?$/.exec(arg ?? ''),
        count = /^\d+$/.test(arg ?? '')
          ? Number(arg)
          : m
            ? (m[1] ? Number(m[1]) : 1) * (m[2] ? n ** Number(m[2]) : n)
            : NaN;
      if (!(count >= 1))
        throw new ConfigError(`${where}: "${name}": expected random:<count> (count: an integer, n, 2n, n^2)`);
      const rng = createRng(s),
        r = emptyRows(n, count);
      for (let i = 0; i < count; i++) for (let q = 0; q < n; q++) if (rng.uniform() < 0.5) setBit(r, i, q);
      return weighted(r);
    }
    default:
      throw new ConfigError(
        `${where}: "${name}" has no sample-based form beyond 20 qubits (IQP scans: ghz, random:<count>, cardinality[:k], parity, uniform, file:PATH)`,
      );
  }
}

/** The masks of a point (seeded by n and the loss, shared by all draws), stratified over σ, with their weights. */
export function pointMasks(
  spec: ScanSpec,
  n: number,
  sigmas: number[],
  key: string,
): { masks: BitRows; weights: Float64Array } {
  const o = spec.iqp!,
    maskRng = createRng(deriveSeed(spec.seed, 'iqp-masks', n, key));
  const parts = sigmas.map((s, i) =>
    bernoulliRows(
      n,
      Math.floor(o.masks / sigmas.length) + (i < o.masks % sigmas.length ? 1 : 0),
      kernelFlipProbability(s),
      maskRng,
    ),
  );
  const masks = emptyRows(
      n,
      parts.reduce((a, p) => a + p.rows, 0),
    ),
    weights = new Float64Array(masks.rows);
  let row = 0;
  parts.forEach((p) => {
    masks.bits.set(p.bits, row * masks.words);
    weights.fill(1 / (sigmas.length * p.rows), row, row + p.rows);
    row += p.rows;
  });
  return { masks, weights };
}

/** Σ_a w_a (⟨Z_a⟩_θ − ⟨Z_a⟩_p)² with exact-in-z correlators, and its gradient (a second pass with dq = 2w(q − p)). */
export function drawLoss(
  g: Generators,
  theta: Float64Array,
  masks: BitRows,
  w: Float64Array,
  p: Float64Array,
  withGrad: boolean,
): { value: number; grad: Float64Array | null } {
  const q = exactCorrelators(g, theta, masks).values;
  const value = q.reduce((s, v, a) => s + w[a] * (v - p[a]) ** 2, 0);
  return {
    value,
    grad: withGrad
      ? exactCorrelators(
          g,
          theta,
          masks,
          Float64Array.from(q, (v, a) => 2 * w[a] * (v - p[a])),
        ).grad
      : null,
  };
}

/** One IQP scan point: per dataset × loss, the per-draw loss and exact-in-z gradient, then the usual statistics. */
export function computeIqpPoint(spec: ScanSpec, point: ScanPoint, hooks: PointHooks = {}): PointResult {
  const o = spec.iqp!,
    { n } = point,
    g = iqpScanGenerators(o, n),
    P = g.count,
    D = spec.draws,
    tag = String(point.depth);
  const { init, jitter } = parseIqpInit(point.depth);
  const entries: EntryResult[] = [];
  for (const lossSpec of spec.losses) {
    if (lossSpec.loss !== 'mmd')
      throw new ConfigError(`losses: IQP scans measure the MMD ("mmd(σ)"), got "${lossSpec.loss}"`);
    const sigmas = lossSpec.sigmas.map((s) => resolveBandwidth(s, n, 'losses.sigmas')),
      key = scanLossKey(lossSpec);
    const { masks, weights: w } = pointMasks(spec, n, sigmas, key);
    for (const dataset of spec.datasets) {
      const data = scanRows(dataset, n, spec.seed),
        p = zCorrelators(data, masks);
      const thetaRng = createRng(deriveSeed(spec.seed, 'theta', n, tag, dataset));
      const values = new Float32Array(D),
        grads = spec.gradients ? new Float32Array(D * P) : null;
      const base = init.kind === 'data' ? initialIqpTheta(g, init, thetaRng, data) : null;
      for (let d = 0; d < D; d++) {
        const th = base
          ? Float64Array.from(base, (v) => v + jitter * thetaRng.normal())
          : initialIqpTheta(g, init, thetaRng);
        const r = drawLoss(g, th, masks, w, p, !!grads);
        values[d] = r.value;
        if (grads) grads.set(r.grad!, d * P);
      }
      const st = drawStats(values, grads, P, {
        resamples: spec.bootstrap,
        level: spec.level,
        seed: deriveSeed(spec.seed, n, tag, dataset, key, 'bootstrap'),
      });
      entries.push({ dataset, loss: key, shots: null, ...st });
      hooks.onEvaluation?.(D);
    }
  }
  return {
    index: point.index,
    n,
    depth: point.depth,
    layers: null,
    circuit: `${g.name}, init ${tag}`,
    nParams: P,
    draws: D,
    entries,
  };
}
