/**
 * The Chow–Liu tree model (Chow & Liu, IEEE Trans. Inf. Theory 14, 462 (1968)): the tree-structured distribution
 * q(x) = q(x_r) Π_{(u→v)} q(x_v | x_u) closest in KL to the data, i.e. the maximum spanning tree of the pairwise mutual
 * information (stats.ts maximumSpanningTree) with the data's own conditionals on its edges. It reproduces every 1-body
 * statistic and the 2-body statistics of its n − 1 edges. Correlators are exact by one upward pass per mask:
 * h_v(b) = E[Π_{i∈a ∩ subtree(v)} (−1)^{x_i} | x_v = b], h_u(b) ← h_u(b)·Σ_c q(x_v = c | x_u = b) h_v(c) for each edge
 * (children before parents), ⟨Z_a⟩ = Σ_b q(x_r = b) h_r(b): O(n) per mask at any n.
 */
import { BitRows, emptyRows, getBit, setBit, WeightedRows } from '../../data/bitRows';
import { dataMoments, pairMarginalOf } from '../../data/rowStats';
import { maximumSpanningTree, pairMutualInformation } from '../../data/stats';
import { ShapeError } from '../../errors';
import { Rng } from '../../rng';
import { CLASSICAL_DISTRIBUTION_QUBITS, ClassicalModel } from './model';

export interface ChowLiuModel extends ClassicalModel {
  root: number;
  /** Directed edges [parent, child], every parent before its children. */
  edges: [number, number][];
  /** q(x_root = 1). */
  rootMean: number;
  /** q(x_v = 1 | x_parent(v) = b) at [2v + b]; unused for the root. */
  conditional: Float64Array;
}

/** Fits the Chow–Liu tree to weighted rows (normalised weights), rooted at `root`. */
export function fitChowLiu(data: WeightedRows, root = 0): ChowLiuModel {
  const m = dataMoments(data), n = m.mean.length;
  const mi = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) mi[i][j] = mi[j][i] = pairMutualInformation(pairMarginalOf(m, i, j));
  const edges = maximumSpanningTree(mi, root, 'fitChowLiu'), conditional = new Float64Array(2 * n);
  for (const [u, v] of edges) {
    const pm = pairMarginalOf(m, u, v); // [p00, p01, p10, p11], bit of u first
    for (let b = 0; b < 2; b++) {
      const pu = pm[2 * b] + pm[2 * b + 1];
      // a parent value the data never show: any conditional gives the same q; the marginal keeps it well defined
      conditional[2 * v + b] = pu > 0 ? pm[2 * b + 1] / pu : m.mean[v];
    }
  }
  const rootMean = m.mean[root], h = new Float64Array(2 * n);
  const up = (inMask: (q: number) => boolean): number => {
    for (let q = 0; q < n; q++) {
      h[2 * q] = 1;
      h[2 * q + 1] = inMask(q) ? -1 : 1;
    }
    for (let e = edges.length - 1; e >= 0; e--) {
      const [u, v] = edges[e];
      for (let b = 0; b < 2; b++) {
        const c1 = conditional[2 * v + b];
        h[2 * u + b] *= (1 - c1) * h[2 * v] + c1 * h[2 * v + 1];
      }
    }
    return (1 - rootMean) * h[2 * root] + rootMean * h[2 * root + 1];
  };
  return {
    label: 'Chow–Liu tree', nQubits: n, nParams: 2 * n - 1, root, edges, rootMean, conditional,
    correlators(masks: BitRows): Float64Array {
      if (masks.nQubits !== n) throw new ShapeError(`Chow–Liu tree: masks have ${masks.nQubits} qubits, the model ${n}`);
      return Float64Array.from({ length: masks.rows }, (_, r) => up((q) => getBit(masks, r, q) === 1));
    },
    distribution(): Float64Array | null {
      if (n > CLASSICAL_DISTRIBUTION_QUBITS) return null;
      const p = new Float64Array(2 ** n);
      for (let x = 0; x < p.length; x++) {
        const bit = (q: number) => (x >>> (n - 1 - q)) & 1;
        let v = bit(root) ? rootMean : 1 - rootMean;
        for (const [u, c] of edges) v *= bit(c) ? conditional[2 * c + bit(u)] : 1 - conditional[2 * c + bit(u)];
        p[x] = v;
      }
      return p;
    },
    sample(count: number, rng: Rng): BitRows {
      const out = emptyRows(n, count);
      for (let r = 0; r < count; r++) {
        if (rng.uniform() < rootMean) setBit(out, r, root);
        for (const [u, v] of edges) if (rng.uniform() < conditional[2 * v + getBit(out, r, u)]) setBit(out, r, v);
      }
      return out;
    },
  };
}
