/**
 * Statistics of an empirical distribution p [2^n] (Float64, qubit 0 = most significant bit) used by the studies:
 * Z-string correlators z_A = ⟨Z_A⟩ = Σ_x p(x)(−1)^{Σ_{i∈A} x_i} (all at once by a Walsh–Hadamard transform), their
 * power per body order Σ_{|A|=l} z_A² and cumulative Σ_{1≤|A|≤k} z_A² (the quantity of Rudolph et al.
 * arXiv:2305.02881 Fig. 11), pairwise mutual information (natural log), the Chow–Liu tree (maximum spanning tree of the
 * pairwise MI; Chow & Liu, IEEE Trans. Inf. Theory 14, 462 (1968)) for `liuWangAnsatz`, and the support size.
 */
import { ConfigError } from '../errors';
import { maskOf, popcount, toBitstring } from '../circuit/bits';
import { walshHadamardInPlace } from '../losses/walshHost';

function nOf(p: ArrayLike<number>, where: string): number {
  const n = Math.log2(p.length);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${where}: length ${p.length} is not 2^n with n ≥ 1`);
  return n;
}

/** Every correlator: z[mask] = ⟨Z_A⟩ for the subset A with index mask `mask` (maskOf(A, n)), [2^n]; z[0] = Σp. */
export function allCorrelators(p: ArrayLike<number>): Float64Array {
  nOf(p, 'allCorrelators');
  const z = Float64Array.from(p);
  walshHadamardInPlace(z, z.length);
  return z;
}

/** ⟨Z_A⟩ for the given subsets of qubits. */
export function correlators(p: ArrayLike<number>, subsets: readonly (readonly number[])[]): number[] {
  const n = nOf(p, 'correlators'), z = allCorrelators(p);
  return subsets.map((A) => {
    if (A.some((q) => !Number.isInteger(q) || q < 0 || q >= n)) throw new ConfigError(`correlators: subset [${A}] out of range for ${n} qubits`);
    return z[maskOf(A, n)];
  });
}

/** All subsets of size 1..k with their correlators, ordered by size then lexicographically. */
export function correlatorsUpTo(p: ArrayLike<number>, k: number): { subset: number[]; z: number }[] {
  const n = nOf(p, 'correlatorsUpTo'), z = allCorrelators(p), out: { subset: number[]; z: number }[] = [];
  const rec = (start: number, cur: number[], size: number) => {
    if (cur.length === size) {
      out.push({ subset: [...cur], z: z[maskOf(cur, n)] });
      return;
    }
    for (let q = start; q < n; q++) rec(q + 1, [...cur, q], size);
  };
  for (let s = 1; s <= Math.min(k, n); s++) rec(0, [], s);
  return out;
}

/** S_l = Σ_{|A| = l} z_A² for l = 0..n ([n + 1]; S_0 = (Σp)² = 1 for a distribution). */
export function correlatorPowerByOrder(p: ArrayLike<number>): Float64Array {
  const n = nOf(p, 'correlatorPowerByOrder'), z = allCorrelators(p), s = new Float64Array(n + 1);
  for (let a = 0; a < z.length; a++) s[popcount(a)] += z[a] * z[a];
  return s;
}

/** Σ_{1 ≤ |A| ≤ k} z_A² (the empty set, always 1, is left out). */
export function correlatorPower(p: ArrayLike<number>, k: number): number {
  const s = correlatorPowerByOrder(p);
  let t = 0;
  for (let l = 1; l <= Math.min(k, s.length - 1); l++) t += s[l];
  return t;
}

/** Marginal of qubits i < j as [p00, p01, p10, p11] (bit of i first). */
function pairMarginal(p: ArrayLike<number>, n: number, i: number, j: number): Float64Array {
  const m = new Float64Array(4), mi = 1 << (n - 1 - i), mj = 1 << (n - 1 - j);
  for (let x = 0; x < p.length; x++) m[(x & mi ? 2 : 0) + (x & mj ? 1 : 0)] += p[x];
  return m;
}

/** I(i; j) in nats of one pair marginal [p00, p01, p10, p11] (bit of i first); 0 where it is independent. */
export function pairMutualInformation(m: ArrayLike<number>): number {
  const pi = [m[0] + m[1], m[2] + m[3]], pj = [m[0] + m[2], m[1] + m[3]];
  let I = 0;
  for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) {
    const v = m[2 * a + b];
    if (v > 0) I += v * Math.log(v / (pi[a] * pj[b]));
  }
  return Math.max(0, I);
}

/** Pairwise mutual information I(i; j) in nats, [n][n] symmetric with zero diagonal. */
export function mutualInformation(p: ArrayLike<number>): number[][] {
  const n = nOf(p, 'mutualInformation');
  const mi = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) mi[i][j] = mi[j][i] = pairMutualInformation(pairMarginal(p, n, i, j));
  return mi;
}

/**
 * Chow–Liu tree: the maximum spanning tree of the pairwise MI (Prim's algorithm from qubit `root`), as directed edges
 * [parent, child] in the order they were added, ready for `liuWangAnsatz(n, layers, edges)`. Ties go to the lower qubit.
 */
export function chowLiuTree(p: ArrayLike<number>, root = 0): [number, number][] {
  return maximumSpanningTree(mutualInformation(p), root, 'chowLiuTree');
}

/**
 * Maximum spanning tree of a symmetric weight matrix [n][n] (Prim's algorithm from `root`): directed edges [parent,
 * child] in the order they were added, so every parent comes before its children. Ties go to the lower qubit. The
 * Chow–Liu tree of any data (dense p here, bit rows in wideStats.ts) is this tree of their pairwise MI.
 */
export function maximumSpanningTree(mi: readonly (readonly number[])[], root = 0, who = 'maximumSpanningTree'): [number, number][] {
  const n = mi.length;
  if (!Number.isInteger(root) || root < 0 || root >= n) throw new ConfigError(`${who}: root ${root} out of range for ${n} qubits`);
  const inTree = new Array<boolean>(n).fill(false), best = new Array<number>(n).fill(-Infinity), parent = new Array<number>(n).fill(-1);
  const edges: [number, number][] = [];
  inTree[root] = true;
  for (let q = 0; q < n; q++) if (!inTree[q]) { best[q] = mi[root][q]; parent[q] = root; }
  for (let step = 1; step < n; step++) {
    let v = -1;
    for (let q = 0; q < n; q++) if (!inTree[q] && (v < 0 || best[q] > best[v])) v = q;
    inTree[v] = true;
    edges.push([parent[v], v]);
    for (let q = 0; q < n; q++) if (!inTree[q] && mi[v][q] > best[q]) { best[q] = mi[v][q]; parent[q] = v; }
  }
  return edges;
}

/** Number of bitstrings with p(x) > 0. */
export function supportSize(p: ArrayLike<number>): number {
  let s = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) s++;
  return s;
}

/** Shannon entropy in nats. */
export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let x = 0; x < p.length; x++) if (p[x] > 0) h -= p[x] * Math.log(p[x]);
  return h;
}

/** What a data card records about its distribution: entropy, support, cumulative correlator power, top bitstrings. */
export interface DistributionSummary {
  /** Shannon entropy, nats. */
  entropy: number;
  support: number;
  /** cumulative[k − 1] = Σ_{1≤|A|≤k} z_A² for k = 1..min(maxOrder, n). */
  correlatorPowerCumulative: number[];
  /** The most probable bitstrings (qubit 0 first), most probable first; ties by index. */
  top: { bitstring: string; p: number }[];
}

/** Summary of p [2^n]: entropy, support, Σ_{1≤|A|≤k} z_A² for k = 1..maxOrder (one Walsh–Hadamard transform), top bitstrings. */
export function summariseDistribution(p: ArrayLike<number>, maxOrder = 4, nTop = 5): DistributionSummary {
  const n = nOf(p, 'summariseDistribution'), s = correlatorPowerByOrder(p), cumulative: number[] = [];
  for (let k = 1, acc = 0; k <= Math.min(maxOrder, n); k++) cumulative.push((acc += s[k]));
  const top = topK(p, nTop);
  return { entropy: entropy(p), support: supportSize(p), correlatorPowerCumulative: cumulative, top: top.map((e) => ({ bitstring: toBitstring(e.index, n), p: e.p })) };
}

/** The k most probable bitstrings of p [2^n] with their probabilities, most probable first (ties by index). */
export function topK(p: ArrayLike<number>, k: number): { index: number; p: number }[] {
  return Array.from(p, (v, index) => ({ index, p: v })).filter((e) => e.p > 0).sort((a, b) => b.p - a.p || a.index - b.index).slice(0, k);
}
