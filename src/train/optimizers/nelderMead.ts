/**
 * Nelder–Mead simplex search (Nelder & Mead, Comput. J. 7, 308 (1965)) as an ask/tell state machine, with the
 * dimension-adaptive coefficients of Gao & Han (Comput. Optim. Appl. 51, 259 (2012)): reflection 1, expansion
 * 1 + 2/n, contraction 0.75 − 1/(2n), shrink 1 − 1/n. Initial simplex x₀ and x₀ + step·e_i. Deterministic (the
 * seed is accepted for a uniform interface and recorded).
 */
import { ConfigError } from '../../errors';
import { AskTellOptimizer, BestTracker, checkState, checkTell, OptimizerState } from './askTell';

type Phase = 'init' | 'reflect' | 'expand' | 'contractOut' | 'contractIn' | 'shrink';

export interface NelderMeadOptions {
  /** Edge length of the initial simplex. @default 0.5 */ step?: number;
  /** Use Gao–Han adaptive coefficients. @default true */ adaptive?: boolean;
}

export class NelderMead implements AskTellOptimizer {
  readonly name = 'nelder-mead';
  readonly dim: number;
  private simplex: Float64Array[];
  private values: number[];
  private phase: Phase = 'init';
  private pending: Float64Array[] = [];
  private xr: Float64Array | null = null;
  private fr = Infinity;
  private readonly coef: { alpha: number; gamma: number; rho: number; sigma: number };
  private readonly tracker: BestTracker;
  evaluations = 0;

  constructor(x0: ArrayLike<number>, opts: NelderMeadOptions = {}) {
    const n = (this.dim = x0.length),
      step = opts.step ?? 0.5;
    if (n < 1 || !(step > 0)) throw new ConfigError(`nelder-mead: need dim ≥ 1 and step > 0, got ${n}, ${step}`);
    const adaptive = opts.adaptive ?? true;
    this.coef = adaptive
      ? { alpha: 1, gamma: 1 + 2 / n, rho: 0.75 - 1 / (2 * n), sigma: 1 - 1 / n }
      : { alpha: 1, gamma: 2, rho: 0.5, sigma: 0.5 };
    if (n === 1) this.coef.sigma = 0.5;
    this.simplex = [Float64Array.from(x0)];
    for (let i = 0; i < n; i++) {
      const v = Float64Array.from(x0);
      v[i] += step;
      this.simplex.push(v);
    }
    this.values = new Array(n + 1).fill(Infinity);
    this.tracker = new BestTracker(n);
  }

  private centroid(): Float64Array {
    const n = this.dim,
      c = new Float64Array(n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) c[i] += this.simplex[j][i] / n; // all but the worst (last)
    return c;
  }

  private along(c: Float64Array, x: Float64Array, t: number): Float64Array {
    return c.map((v, i) => v + t * (x[i] - v));
  }

  private sort(): void {
    const idx = [...this.values.keys()].sort((a, b) => this.values[a] - this.values[b]);
    this.simplex = idx.map((i) => this.simplex[i]);
    this.values = idx.map((i) => this.values[i]);
  }

  private replaceWorst(x: Float64Array, f: number): void {
    this.simplex[this.dim] = x;
    this.values[this.dim] = f;
    this.sort();
    this.phase = 'reflect';
  }

  ask(): Float64Array[] {
    if (this.pending.length) return this.pending.map((p) => Float64Array.from(p));
    const n = this.dim,
      { alpha, gamma, rho, sigma } = this.coef;
    const c = this.centroid(),
      worst = this.simplex[n];
    switch (this.phase) {
      case 'init':
        this.pending = this.simplex.map((v) => Float64Array.from(v));
        break;
      case 'reflect':
        this.pending = [this.along(c, worst, -alpha)];
        break;
      case 'expand':
        this.pending = [this.along(c, this.xr!, gamma)];
        break;
      case 'contractOut':
        this.pending = [this.along(c, this.xr!, rho)];
        break;
      case 'contractIn':
        this.pending = [this.along(c, worst, rho)];
        break;
      case 'shrink':
        this.pending = this.simplex.slice(1).map((v) => this.along(this.simplex[0], v, sigma));
        break;
    }
    return this.pending.map((p) => Float64Array.from(p));
  }

  tell(values: readonly number[]): void {
    if (!this.pending.length) throw new ConfigError('nelder-mead.tell: call ask() first');
    checkTell('nelder-mead', this.pending.length, values.length);
    const pts = this.pending;
    this.pending = [];
    this.evaluations += values.length;
    pts.forEach((p, i) => this.tracker.offer(p, values[i]));
    const n = this.dim,
      f = values[0];
    switch (this.phase) {
      case 'init':
        this.values = [...values];
        this.sort();
        this.phase = 'reflect';
        return;
      case 'reflect':
        if (f < this.values[0]) {
          this.xr = pts[0];
          this.fr = f;
          this.phase = 'expand';
        } else if (f < this.values[n - 1]) this.replaceWorst(pts[0], f);
        else {
          this.xr = pts[0];
          this.fr = f;
          this.phase = f < this.values[n] ? 'contractOut' : 'contractIn';
        }
        return;
      case 'expand':
        if (f < this.fr) this.replaceWorst(pts[0], f);
        else this.replaceWorst(this.xr!, this.fr);
        return;
      case 'contractOut':
        if (f <= this.fr) this.replaceWorst(pts[0], f);
        else this.phase = 'shrink';
        return;
      case 'contractIn':
        if (f < this.values[n]) this.replaceWorst(pts[0], f);
        else this.phase = 'shrink';
        return;
      case 'shrink':
        pts.forEach((p, i) => {
          this.simplex[i + 1] = p;
          this.values[i + 1] = values[i];
        });
        this.sort();
        this.phase = 'reflect';
        return;
    }
  }

  best(): { x: Float64Array; value: number } {
    return this.tracker.get();
  }

  getState(): OptimizerState {
    return {
      kind: this.name,
      dim: this.dim,
      coef: this.coef,
      phase: this.phase,
      evaluations: this.evaluations,
      simplex: this.simplex.map((v) => Array.from(v)),
      values: this.values.map((v) => (Number.isFinite(v) ? v : null)),
      pending: this.pending.map((v) => Array.from(v)),
      xr: this.xr ? Array.from(this.xr) : null,
      fr: Number.isFinite(this.fr) ? this.fr : null,
      best: this.tracker.toJSON(),
    };
  }

  setState(s: OptimizerState): void {
    checkState(s, this.name, this.dim);
    this.phase = s.phase as Phase;
    this.evaluations = s.evaluations as number;
    this.simplex = (s.simplex as number[][]).map((v) => Float64Array.from(v));
    this.values = (s.values as (number | null)[]).map((v) => v ?? Infinity);
    this.pending = (s.pending as number[][]).map((v) => Float64Array.from(v));
    this.xr = s.xr ? Float64Array.from(s.xr as number[]) : null;
    this.fr = (s.fr as number | null) ?? Infinity;
    Object.assign(this.coef, s.coef);
    this.tracker.load(s.best as { x: number[]; value: number | null });
  }
}
