/**
 * SPSA (Spall, IEEE Trans. Aerosp. Electron. Syst. 34, 817 (1998), "Implementation of the simultaneous perturbation
 * algorithm for stochastic optimization"): per iteration two evaluations x ± c_k Δ with Rademacher Δ, gradient
 * estimate ĝ = (f₊ − f₋)/(2c_k)·Δ, step x ← x − a_k ĝ, gains a_k = a/(k + 1 + A)^α, c_k = c/(k + 1)^γ with Spall's
 * α = 0.602, γ = 0.101.
 */
import { ConfigError } from '../../errors';
import { createRng, Rng, RngState } from '../../rng';
import { AskTellOptimizer, BestTracker, checkState, checkTell, OptimizerState } from './askTell';

export interface SpsaOptions {
  /** @default 0.1 */ a?: number;
  /** @default 0.1 */ c?: number;
  /** Stability constant A (Spall: ~10% of the iterations). @default 10 */ A?: number;
  /** @default 0.602 */ alpha?: number;
  /** @default 0.101 */ gamma?: number;
  seed: number | string;
}

export class Spsa implements AskTellOptimizer {
  readonly name = 'spsa';
  private x: Float64Array;
  private k = 0;
  private delta: Float64Array | null = null;
  private rng: Rng;
  private readonly o: Required<Omit<SpsaOptions, 'seed'>> & { seed: number | string };
  private readonly tracker: BestTracker;
  evaluations = 0;

  constructor(x0: ArrayLike<number>, opts: SpsaOptions) {
    this.o = { a: 0.1, c: 0.1, A: 10, alpha: 0.602, gamma: 0.101, ...opts };
    if (!(this.o.a > 0 && this.o.c > 0))
      throw new ConfigError(`spsa: gains a and c must be positive, got a=${this.o.a}, c=${this.o.c}`);
    this.x = Float64Array.from(x0);
    this.rng = createRng(opts.seed);
    this.tracker = new BestTracker(this.x.length);
  }

  get dim(): number {
    return this.x.length;
  }

  private ck(): number {
    return this.o.c / (this.k + 1) ** this.o.gamma;
  }

  ask(): Float64Array[] {
    if (!this.delta) this.delta = Float64Array.from({ length: this.dim }, () => (this.rng.uniform() < 0.5 ? -1 : 1));
    const c = this.ck(),
      d = this.delta;
    return [this.x.map((v, i) => v + c * d[i]), this.x.map((v, i) => v - c * d[i])];
  }

  tell(values: readonly number[]): void {
    checkTell('spsa', 2, values.length);
    if (!this.delta) throw new ConfigError('spsa.tell: call ask() first');
    const [plus, minus] = this.ask();
    this.tracker.offer(plus, values[0]);
    this.tracker.offer(minus, values[1]);
    const g = (values[0] - values[1]) / (2 * this.ck());
    const a = this.o.a / (this.k + 1 + this.o.A) ** this.o.alpha;
    for (let i = 0; i < this.dim; i++) this.x[i] -= a * g * this.delta[i];
    this.k++;
    this.evaluations += 2;
    this.delta = null;
  }

  best(): { x: Float64Array; value: number } {
    return this.tracker.get();
  }

  /** The current iterate (not necessarily the best evaluated point). */
  current(): Float64Array {
    return Float64Array.from(this.x);
  }

  getState(): OptimizerState {
    return {
      kind: this.name,
      dim: this.dim,
      options: this.o,
      x: Array.from(this.x),
      k: this.k,
      evaluations: this.evaluations,
      delta: this.delta ? Array.from(this.delta) : null,
      rng: this.rng.state(),
      best: this.tracker.toJSON(),
    };
  }

  setState(s: OptimizerState): void {
    checkState(s, this.name, this.dim);
    this.x = Float64Array.from(s.x as number[]);
    this.k = s.k as number;
    this.evaluations = s.evaluations as number;
    this.delta = s.delta ? Float64Array.from(s.delta as number[]) : null;
    this.rng = createRng(this.o.seed, s.rng as RngState);
    this.tracker.load(s.best as { x: number[]; value: number | null });
  }
}
