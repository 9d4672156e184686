/**
 * Generator sets of IQP Born machines U(θ) = exp(i Σ_j θ_j X_{g_j}): each generator g_j ⊆ [n] is a set of qubits (X on
 * each), one parameter per generator, numbered in the order listed here. Every set holds all 1-body generators {i};
 * the 2-body ones are the edges of a graph — nearest neighbours on a line, on a rows × cols pixel grid (qubit q = pixel
 * (⌊q/cols⌋, q mod cols), as data cards map pixels), all pairs, or a seeded Erdős–Rényi graph G(n, p) — and 3…k-body
 * ones are contiguous windows (line) or all k-subsets (all). Stored as CSR lists, never as n × m dense matrices.
 */
import { ConfigError } from '../../errors';
import { createRng } from '../../rng';

export const IQP_TOPOLOGIES = ['line', 'grid', 'all', 'erdos-renyi'] as const;
export type IqpTopology = (typeof IQP_TOPOLOGIES)[number];

export interface GeneratorSpec {
  topology: IqpTopology;
  /** Largest generator weight k. @default 2 */
  maxBody?: number;
  /** Pixel grid for topology "grid". */
  rows?: number;
  cols?: number;
  /** Erdős–Rényi: edge probability p, or a mean degree d (p = d/(n − 1)). */
  edgeProbability?: number;
  degree?: number;
  /** Erdős–Rényi: the seed of the graph. @default 0 */
  seed?: number | string;
}

export interface Generators {
  nQubits: number;
  /** Number of generators = number of parameters. */
  count: number;
  /** CSR: generator j acts on qubits[offsets[j] … offsets[j+1]−1] (ascending). */
  offsets: Int32Array;
  qubits: Int32Array;
  /** Short description for reports, e.g. "all ≤2-body on 64 qubits". */
  name: string;
}

/** Largest generator count accepted (parameters, and rows of every sign table). */
export const MAX_GENERATORS = 2_000_000;

/** Generators from explicit qubit lists (validated: distinct qubits in range, no duplicate generator). */
export function generatorsFromLists(nQubits: number, lists: readonly (readonly number[])[], name = 'custom'): Generators {
  const offsets = new Int32Array(lists.length + 1), flat: number[] = [], seen = new Set<string>();
  lists.forEach((g, j) => {
    const s = [...g].sort((a, b) => a - b);
    if (s.length === 0) throw new ConfigError(`iqp generators: generator ${j} is empty`);
    s.forEach((q, i) => {
      if (!(Number.isInteger(q) && q >= 0 && q < nQubits)) throw new ConfigError(`iqp generators: generator ${j} has qubit ${q}, outside 0..${nQubits - 1}`);
      if (i > 0 && s[i - 1] === q) throw new ConfigError(`iqp generators: generator ${j} repeats qubit ${q}`);
    });
    const key = s.join(',');
    if (seen.has(key)) throw new ConfigError(`iqp generators: generator {${key}} is listed twice`);
    seen.add(key);
    flat.push(...s);
    offsets[j + 1] = flat.length;
  });
  return { nQubits, count: lists.length, offsets, qubits: Int32Array.from(flat), name };
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

function edges(spec: GeneratorSpec, n: number): [number, number][] {
  const out: [number, number][] = [];
  switch (spec.topology) {
    case 'line':
      for (let i = 0; i + 1 < n; i++) out.push([i, i + 1]);
      return out;
    case 'grid': {
      const { rows, cols } = spec;
      if (!(rows && cols && rows * cols === n)) throw new ConfigError(`iqp generators: a ${rows ?? '?'}×${cols ?? '?'} grid does not have ${n} pixels (give "grid": "RxC" with R·C = n)`);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const q = r * cols + c;
          if (c + 1 < cols) out.push([q, q + 1]);
          if (r + 1 < rows) out.push([q, q + cols]);
        }
      return out;
    }
    case 'all':
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
      return out;
    case 'erdos-renyi': {
      const p = spec.edgeProbability ?? (spec.degree !== undefined ? spec.degree / Math.max(1, n - 1) : undefined);
      if (p === undefined || !(p >= 0 && p <= 1)) throw new ConfigError(`iqp generators: erdos-renyi needs edgeProbability in [0, 1] or a degree ≤ n − 1, got ${spec.edgeProbability ?? spec.degree}`);
      const rng = createRng(`iqp-erdos-renyi/${spec.seed ?? 0}/${n}/${p}`);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.uniform() < p) out.push([i, j]);
      return out;
    }
  }
}

/**
 * The generator set of a spec on n qubits: singles, then the graph's edges, then (line, all) the 3…k-body ones.
 * @example iqpGenerators({ topology: 'all' }, 64).count // 64 + 2016 = 2080
 */
export function iqpGenerators(spec: GeneratorSpec, nQubits: number): Generators {
  const k = spec.maxBody ?? 2, n = nQubits;
  if (!(Number.isInteger(n) && n >= 1)) throw new ConfigError(`iqp generators: nQubits must be a positive integer, got ${n}`);
  if (!(Number.isInteger(k) && k >= 1)) throw new ConfigError(`iqp generators: maxBody must be a positive integer, got ${k}`);
  if (k > 2 && (spec.topology === 'grid' || spec.topology === 'erdos-renyi'))
    throw new ConfigError(`iqp generators: ${k}-body generators exist for topologies line (windows) and all (subsets); "${spec.topology}" has 1- and 2-body ones only`);
  let total = n;
  if (k >= 2) total += spec.topology === 'all' ? binomial(n, 2) : spec.topology === 'line' ? n - 1 : 0;
  for (let b = 3; b <= k; b++) total += spec.topology === 'all' ? binomial(n, b) : Math.max(0, n - b + 1);
  if (total > MAX_GENERATORS) throw new ConfigError(`iqp generators: ${spec.topology} ≤${k}-body on ${n} qubits has ${total} generators, more than ${MAX_GENERATORS}`);
  const lists: number[][] = [];
  for (let i = 0; i < n; i++) lists.push([i]);
  if (k >= 2) for (const [i, j] of edges(spec, n)) lists.push([i, j]);
  for (let b = 3; b <= Math.min(k, n); b++) {
    if (spec.topology === 'line') for (let i = 0; i + b <= n; i++) lists.push(Array.from({ length: b }, (_, t) => i + t));
    else {
      const idx = Array.from({ length: b }, (_, t) => t);
      for (;;) {
        lists.push([...idx]);
        let t = b - 1;
        while (t >= 0 && idx[t] === n - b + t) t--;
        if (t < 0) break;
        idx[t]++;
        for (let u = t + 1; u < b; u++) idx[u] = idx[u - 1] + 1;
      }
    }
  }
  const where = spec.topology === 'grid' ? `${spec.rows}×${spec.cols} grid` : spec.topology === 'erdos-renyi' ? `Erdős–Rényi graph` : spec.topology;
  return { ...generatorsFromLists(n, lists), name: `iqp ${where} ≤${k}-body, n=${n}, ${lists.length} generators` };
}

/** The qubits of generator j. */
export function generatorQubits(g: Generators, j: number): Int32Array {
  return g.qubits.subarray(g.offsets[j], g.offsets[j + 1]);
}

/** Body order of every generator, [count]. */
export function generatorWeights(g: Generators): Int32Array {
  return Int32Array.from({ length: g.count }, (_, j) => g.offsets[j + 1] - g.offsets[j]);
}

/** For every qubit, the generators acting on it (CSR over qubits). */
export function incidence(g: Generators): { offsets: Int32Array; gens: Int32Array } {
  const deg = new Int32Array(g.nQubits + 1);
  for (let t = 0; t < g.qubits.length; t++) deg[g.qubits[t] + 1]++;
  for (let q = 0; q < g.nQubits; q++) deg[q + 1] += deg[q];
  const fill = deg.slice(0, g.nQubits), gens = new Int32Array(g.qubits.length);
  for (let j = 0; j < g.count; j++) for (let t = g.offsets[j]; t < g.offsets[j + 1]; t++) gens[fill[g.qubits[t]]++] = j;
  return { offsets: deg, gens };
}
