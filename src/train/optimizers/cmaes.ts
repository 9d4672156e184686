/**
 * CMA-ES (μ/μ_w, λ) with the default strategy parameters of Hansen's tutorial (arXiv:1604.00772, Table 1 and
 * Fig. 7): weighted recombination, cumulative step-size adaptation, rank-one and rank-μ covariance updates. The
 * full variant decomposes C (linalg/eigh) lazily, every ⌈1/(10 n (c₁ + c_μ))⌉ generations; the separable variant
 * (Ros & Hansen, PPSN X (2008)) keeps C diagonal with c₁, c_μ scaled by (n + 2)/3, O(n) per sample, for large n.
 * Default: separable when n > 40.
 */
import { ConfigError } from '../../errors';
import { eigHermitian } from '../../linalg/eigh';
import { createRng, Rng, RngState } from '../../rng';
import { AskTellOptimizer, BestTracker, checkState, checkTell, OptimizerState } from './askTell';

export interface CmaEsOptions {
  /** Initial step size σ₀. @default 0.5 */ sigma?: number;
  /** Population size λ. @default 4 + ⌊3 ln n⌋ */ popSize?: number;
  /** Diagonal covariance. @default n > 40 */ separable?: boolean;
  seed: number | string;
}

export class CmaEs implements AskTellOptimizer {
  readonly name = 'cma-es';
  readonly dim: number;
  private readonly lambda: number;
  private readonly mu: number;
  private readonly w: number[];
  private readonly muEff: number;
  private readonly cs: number;
  private readonly ds: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly chiN: number;
  private readonly separable: boolean;
  private readonly seed: number | string;
  private m: Float64Array;
  private sigma: number;
  private C: Float64Array; // n×n row-major (full) or the diagonal (separable)
  private B: Float64Array; // eigenvectors (full)
  private D: Float64Array; // sqrt of eigenvalues
  private ps: Float64Array;
  private pc: Float64Array;
  private gen = 0;
  private eigenGen = 0;
  private z: Float64Array[] = [];
  private rng: Rng;
  private readonly tracker: BestTracker;
  evaluations = 0;

  constructor(x0: ArrayLike<number>, opts: CmaEsOptions) {
    const n = (this.dim = x0.length);
    if (n < 1) throw new ConfigError('cma-es: dim must be ≥ 1');
    this.sigma = opts.sigma ?? 0.5;
    if (!(this.sigma > 0)) throw new ConfigError(`cma-es: sigma must be positive, got ${this.sigma}`);
    this.lambda = opts.popSize ?? 4 + Math.floor(3 * Math.log(n));
    if (!(Number.isInteger(this.lambda) && this.lambda >= 2))
      throw new ConfigError(`cma-es: popSize must be an integer ≥ 2, got ${this.lambda}`);
    this.mu = Math.floor(this.lambda / 2);
    const raw = Array.from({ length: this.mu }, (_, i) => Math.log(this.mu + 0.5) - Math.log(i + 1));
    const sw = raw.reduce((a, b) => a + b, 0);
    this.w = raw.map((v) => v / sw);
    this.muEff = 1 / this.w.reduce((a, b) => a + b * b, 0);
    const me = this.muEff;
    this.cs = (me + 2) / (n + me + 5);
    this.ds = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.separable = opts.separable ?? n > 40;
    const boost = this.separable ? (n + 2) / 3 : 1;
    this.c1 = Math.min(1, (boost * 2) / ((n + 1.3) ** 2 + me));
    this.cmu = Math.min(1 - this.c1, (boost * 2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.m = Float64Array.from(x0);
    this.C = this.separable
      ? new Float64Array(n).fill(1)
      : Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    this.B = this.separable ? new Float64Array(0) : Float64Array.from(this.C);
    this.D = new Float64Array(n).fill(1);
    this.ps = new Float64Array(n);
    this.pc = new Float64Array(n);
    this.seed = opts.seed;
    this.rng = createRng(opts.seed);
    this.tracker = new BestTracker(n);
  }

  /** y = B·D·z (full) or D⊙z (separable). */
  private transform(z: Float64Array): Float64Array {
    const n = this.dim;
    if (this.separable) return z.map((v, i) => this.D[i] * v);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.B[i * n + j] * this.D[j] * z[j];
      y[i] = s;
    }
    return y;
  }

  ask(): Float64Array[] {
    if (this.z.length === 0)
      this.z = Array.from({ length: this.lambda }, () =>
        Float64Array.from({ length: this.dim }, () => this.rng.normal()),
      );
    return this.z.map((z) => {
      const y = this.transform(z);
      return this.m.map((v, i) => v + this.sigma * y[i]);
    });
  }

  tell(values: readonly number[]): void {
    checkTell('cma-es', this.lambda, values.length);
    if (this.z.length === 0) throw new ConfigError('cma-es.tell: call ask() first');
    const n = this.dim,
      xs = this.ask();
    xs.forEach((x, i) => this.tracker.offer(x, values[i]));
    this.evaluations += values.length;
    const order = [...values.keys()].sort((a, b) => values[a] - values[b]).slice(0, this.mu);
    const zs = order.map((k) => this.z[k]),
      ys = zs.map((z) => this.transform(z));
    const yw = new Float64Array(n),
      zw = new Float64Array(n);
    order.forEach((_, r) => {
      for (let i = 0; i < n; i++) {
        yw[i] += this.w[r] * ys[r][i];
        zw[i] += this.w[r] * zs[r][i];
      }
    });
    for (let i = 0; i < n; i++) this.m[i] += this.sigma * yw[i];
    // C^{-1/2} y_w = B z_w (full) or z_w (separable)
    const cInvHalf = this.separable ? zw : this.rotate(zw);
    const a = Math.sqrt(this.cs * (2 - this.cs) * this.muEff);
    for (let i = 0; i < n; i++) this.ps[i] = (1 - this.cs) * this.ps[i] + a * cInvHalf[i];
    const psNorm = Math.hypot(...this.ps);
    const hs = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * (this.gen + 1))) < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const b = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + hs * b * yw[i];
    const keep = 1 - this.c1 - this.cmu + (1 - hs) * this.c1 * this.cc * (2 - this.cc);
    if (this.separable) {
      for (let i = 0; i < n; i++) {
        let rank = 0;
        for (let r = 0; r < this.mu; r++) rank += this.w[r] * ys[r][i] ** 2;
        this.C[i] = keep * this.C[i] + this.c1 * this.pc[i] ** 2 + this.cmu * rank;
        this.D[i] = Math.sqrt(this.C[i]);
      }
    } else {
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let rank = 0;
          for (let r = 0; r < this.mu; r++) rank += this.w[r] * ys[r][i] * ys[r][j];
          const v = keep * this.C[i * n + j] + this.c1 * this.pc[i] * this.pc[j] + this.cmu * rank;
          this.C[i * n + j] = this.C[j * n + i] = v;
        }
    }
    this.sigma *= Math.exp((this.cs / this.ds) * (psNorm / this.chiN - 1));
    this.gen++;
    this.z = [];
    if (!this.separable && this.gen - this.eigenGen >= Math.max(1, Math.ceil(1 / (10 * n * (this.c1 + this.cmu)))))
      this.decompose();
  }

  private rotate(z: Float64Array): Float64Array {
    const n = this.dim,
      out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.B[i * n + j] * z[j];
      out[i] = s;
    }
    return out;
  }

  private decompose(): void {
    const e = eigHermitian(this.C, null, this.dim, { vectors: true });
    this.B = e.vectorsRe!;
    this.D = e.values.map((v) => Math.sqrt(Math.max(v, 1e-300)));
    this.eigenGen = this.gen;
  }

  best(): { x: Float64Array; value: number } {
    return this.tracker.get();
  }

  /** The current mean and step size. */
  mean(): { m: Float64Array; sigma: number } {
    return { m: Float64Array.from(this.m), sigma: this.sigma };
  }

  getState(): OptimizerState {
    const arr = (a: Float64Array) => Array.from(a);
    return {
      kind: this.name,
      dim: this.dim,
      seed: this.seed,
      separable: this.separable,
      lambda: this.lambda,
      gen: this.gen,
      eigenGen: this.eigenGen,
      evaluations: this.evaluations,
      m: arr(this.m),
      sigma: this.sigma,
      C: arr(this.C),
      B: arr(this.B),
      D: arr(this.D),
      ps: arr(this.ps),
      pc: arr(this.pc),
      z: this.z.map(arr),
      rng: this.rng.state(),
      best: this.tracker.toJSON(),
    };
  }

  setState(s: OptimizerState): void {
    checkState(s, this.name, this.dim);
    if (s.separable !== this.separable || s.lambda !== this.lambda)
      throw new ConfigError('cma-es.setState: state has a different variant or population size');
    const f = (k: string) => Float64Array.from(s[k] as number[]);
    this.gen = s.gen as number;
    this.eigenGen = s.eigenGen as number;
    this.evaluations = s.evaluations as number;
    this.sigma = s.sigma as number;
    [this.m, this.C, this.B, this.D, this.ps, this.pc] = [f('m'), f('C'), f('B'), f('D'), f('ps'), f('pc')];
    this.z = (s.z as number[][]).map((v) => Float64Array.from(v));
    this.rng = createRng(this.seed, s.rng as RngState);
    this.tracker.load(s.best as { x: number[]; value: number | null });
  }
}
