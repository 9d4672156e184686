/**
 * Initial parameters of an IQP model. The four families of Lerch et al. (arXiv 2603.14576):
 *  - random full range: θ_j uniform on [low, high) (default [0, 2π); the model has period π in each θ_j);
 *  - small angle: θ_j uniform on [−ε, ε]; by default ε = 1/√d, d the largest number of generators on one qubit, so that
 *    Σ_{j∋q} θ_j² ≤ 1/3 per qubit on average and the cosine products behind ⟨Z_a⟩ stay O(1) at any n (our choice;
 *    a fixed ε meets the plateau again once n·ε² ≫ 1 for all-pairs generators); "zeros" is the identity itself;
 *  - Gaussian: θ_j ~ N(mean, std²);
 *  - data-dependent, from the data's first and second moments — the prescription of Recio-Armengol, Ahmed & Bowles
 *    (arXiv 2503.02934), as in their iqpopt's initialize_from_data: θ_i = arcsin √x̄_i for 1-body generators (then
 *    exp(iθ_i X_i)|0⟩ has exactly the data's marginal), θ_ij = C_ij·√(2n / Σ_{k≠l} C_kl²) for 2-body ones, C the
 *    covariance of the ±1 variables 2x − 1 (weighted population covariance), and N(0, noise²) for ≥3-body ones.
 */
import { WeightedRows } from '../../data/bitRows';
import { dataMoments } from '../../data/rowStats';
import { ConfigError, ShapeError } from '../../errors';
import { Rng } from '../../rng';
import { generatorQubits, Generators, incidence } from './generators';

/** x̄ and E[x_i x_j] of weighted bit rows: one implementation, in data/rowStats.ts. */
export { dataMoments };

export type IqpInit =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'normal'; mean: number; std: number }
  | { kind: 'zeros' }
  | { kind: 'small-angle'; epsilon?: number }
  | { kind: 'data'; noise?: number };

/** Covariance of y = 2x − 1: C_ij = 4(E[x_i x_j] − x̄_i x̄_j), [n·n]. */
export function spinCovariance(data: WeightedRows): Float64Array {
  const { mean, second } = dataMoments(data), n = mean.length;
  return Float64Array.from(second, (s, k) => 4 * (s - mean[Math.floor(k / n)] * mean[k % n]));
}

/** Largest number of generators acting on one qubit. */
export function maxDegree(g: Generators): number {
  const inc = incidence(g);
  let d = 0;
  for (let q = 0; q < g.nQubits; q++) d = Math.max(d, inc.offsets[q + 1] - inc.offsets[q]);
  return d;
}

/** θ [m] for one initialisation; `data` is needed for kind "data". */
export function initialIqpTheta(g: Generators, init: IqpInit, rng: Rng, data?: WeightedRows): Float64Array {
  const m = g.count;
  switch (init.kind) {
    case 'uniform':
      return Float64Array.from({ length: m }, () => init.low + (init.high - init.low) * rng.uniform());
    case 'normal':
      return Float64Array.from({ length: m }, () => init.mean + init.std * rng.normal());
    case 'zeros':
      return new Float64Array(m);
    case 'small-angle': {
      const eps = init.epsilon ?? 1 / Math.sqrt(Math.max(1, maxDegree(g)));
      if (!(eps >= 0 && Number.isFinite(eps))) throw new ConfigError(`init: small-angle epsilon must be a finite number ≥ 0, got ${eps}`);
      return Float64Array.from({ length: m }, () => eps * (2 * rng.uniform() - 1));
    }
    case 'data': {
      if (!data) throw new ConfigError('init: "data" (data-dependent) initialisation needs the training data');
      if (data.rows.nQubits !== g.nQubits) throw new ShapeError(`init: data have ${data.rows.nQubits} qubits, the model ${g.nQubits}`);
      const n = g.nQubits, { mean } = dataMoments(data), C = spinCovariance(data);
      let ss = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) ss += C[i * n + j] ** 2;
      const scale = ss > 0 ? Math.sqrt((2 * n) / ss) : 0, noise = init.noise ?? 0;
      return Float64Array.from({ length: m }, (_, j) => {
        const qs = generatorQubits(g, j);
        if (qs.length === 1) return Math.asin(Math.sqrt(Math.min(1, Math.max(0, mean[qs[0]]))));
        if (qs.length === 2) return C[qs[0] * n + qs[1]] * scale;
        return noise * rng.normal();
      });
    }
  }
}
