/**
 * Statistics of weighted bit rows of any width (bitRows.ts; 8×8 images and beyond), where stats.ts's 2^n vectors do not
 * exist: first and second moments, pairwise mutual information and the Chow–Liu tree (stats.ts's spanning tree of it),
 * and the card summary of stats.ts (entropy, support, Σ_{1≤|A|≤k} z_A², top bitstrings) computed from distinct rows.
 * The correlator power of body order l uses Σ_{|A|=l} z_A² = Σ_{x,x'} p(x)p(x') K_l(|x ⊕ x'|), K_l the Krawtchouk
 * polynomial K_l(d) = Σ_j (−1)^j C(d, j) C(n − d, l − j): O(D²) in the D distinct rows, never 2^n or C(n, l).
 */
import { dedupe, getBit, rowString, WeightedRows } from './bitRows';
import { DistributionSummary, maximumSpanningTree, pairMutualInformation } from './stats';

/** x̄_i and S_ij = E[x_i x_j] of weighted bit rows ([n], [n·n]); cost Σ_rows |x|², not n²·rows. */
export function dataMoments(data: WeightedRows): { mean: Float64Array; second: Float64Array } {
  const r = data.rows, n = r.nQubits, mean = new Float64Array(n), second = new Float64Array(n * n), on: number[] = [];
  for (let row = 0; row < r.rows; row++) {
    const w = data.weights[row];
    on.length = 0;
    for (let q = 0; q < n; q++) if (getBit(r, row, q)) on.push(q);
    for (let s = 0; s < on.length; s++) {
      mean[on[s]] += w;
      for (let t = s; t < on.length; t++) second[on[s] * n + on[t]] += w;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) second[j * n + i] = second[i * n + j];
  return { mean, second };
}

/** The pair marginal [p00, p01, p10, p11] of qubits i, j (bit of i first) from the moments. */
export function pairMarginalOf(m: { mean: Float64Array; second: Float64Array }, i: number, j: number): Float64Array {
  const n = m.mean.length, s = m.second[i * n + j], a = m.mean[i], b = m.mean[j];
  return Float64Array.of(1 - a - b + s, b - s, a - s, s);
}

/** Pairwise mutual information I(i; j) in nats of weighted rows, [n][n] symmetric with zero diagonal. */
export function rowMutualInformation(data: WeightedRows): number[][] {
  const m = dataMoments(data), n = m.mean.length;
  const mi = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) mi[i][j] = mi[j][i] = pairMutualInformation(pairMarginalOf(m, i, j));
  return mi;
}

/** The Chow–Liu tree of weighted rows: edges [parent, child], parents first (as stats.ts chowLiuTree for dense p). */
export function rowChowLiuTree(data: WeightedRows, root = 0): [number, number][] {
  return maximumSpanningTree(rowMutualInformation(data), root, 'rowChowLiuTree');
}

/** Krawtchouk values K_l(d) for d = 0..n, l = 0..L: [L + 1][n + 1]. */
function krawtchouk(n: number, L: number): Float64Array[] {
  const C = (a: number, b: number) => {
    if (b < 0 || b > a) return 0;
    let c = 1;
    for (let i = 1; i <= b; i++) c = (c * (a - b + i)) / i;
    return c;
  };
  return Array.from({ length: L + 1 }, (_, l) => Float64Array.from({ length: n + 1 }, (_, d) => {
    let k = 0;
    for (let j = 0; j <= l; j++) k += (j % 2 ? -1 : 1) * C(d, j) * C(n - d, l - j);
    return k;
  }));
}

/** S_l = Σ_{|A|=l} z_A² for l = 0..L ([L + 1]; S_0 = 1 for normalised weights). */
export function rowCorrelatorPowerByOrder(data: WeightedRows, L: number): Float64Array {
  const d = dedupe(data), r = d.rows, n = r.nQubits, W = r.words, K = krawtchouk(n, Math.min(L, n)), out = new Float64Array(K.length);
  const hist = new Float64Array(n + 1); // Σ p(x)p(x') over pairs at Hamming distance h, both orders
  for (let i = 0; i < r.rows; i++) {
    hist[0] += d.weights[i] * d.weights[i];
    for (let j = i + 1; j < r.rows; j++) {
      let h = 0;
      for (let w = 0; w < W; w++) {
        let x = r.bits[i * W + w] ^ r.bits[j * W + w];
        for (; x; x &= x - 1) h++;
      }
      hist[h] += 2 * d.weights[i] * d.weights[j];
    }
  }
  K.forEach((k, l) => {
    for (let h = 0; h <= n; h++) out[l] += hist[h] * k[h];
  });
  return out;
}

/** The card summary of stats.ts summariseDistribution, from weighted rows of any width (top ties: lower bitstring). */
export function summariseRows(data: WeightedRows, maxOrder = 4, nTop = 5): DistributionSummary {
  const d = dedupe(data), s = maxOrder > 0 ? rowCorrelatorPowerByOrder(d, maxOrder) : [], cumulative: number[] = [];
  for (let k = 1, acc = 0; k < s.length; k++) cumulative.push((acc += s[k]));
  let entropy = 0;
  for (const w of d.weights) if (w > 0) entropy -= w * Math.log(w);
  const top = Array.from(d.weights, (p, i) => ({ bitstring: rowString(d.rows, i), p })).filter((e) => e.p > 0)
    .sort((a, b) => b.p - a.p || (a.bitstring < b.bitstring ? -1 : 1)).slice(0, nTop);
  return { entropy, support: d.weights.filter((w) => w > 0).length, correlatorPowerCumulative: cumulative, top };
}
