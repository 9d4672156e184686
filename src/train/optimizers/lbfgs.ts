/**
 * L-BFGS (Nocedal & Wright, Numerical Optimization, Alg. 7.4–7.5): two-loop recursion over the last `memory` pairs
 * (s, y), backtracking line search on the Armijo condition f(θ + αd) ≤ f(θ) + c₁α∇f·d. For exact (shot-free) losses;
 * Liu & Wang trained bars-and-stripes with L-BFGS-B. `lr` scales the first trial step of the very first iteration.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { Objective, Optimizer, StepInfo, norm2, requireGrad } from '../objective';

const stateSchema = z
  .object({
    s: z.array(z.array(z.number())),
    y: z.array(z.array(z.number())),
    f: z.number().nullable(),
    g: z.array(z.number()).nullable(),
  })
  .strict();

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export class Lbfgs implements Optimizer {
  readonly name = 'lbfgs';
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  /** Value and gradient at the current θ, carried from the last line search. */
  private f: number | null = null;
  private g: Float64Array | null = null;

  constructor(
    private readonly nParams: number,
    private readonly memory = 10,
    private readonly maxBacktracks = 20,
  ) {}

  async step(theta: Float64Array, objective: Objective, lr: number): Promise<StepInfo> {
    const vg = requireGrad(objective, 'lbfgs');
    let evaluations = 0;
    if (this.f === null || this.g === null) {
      const r = await vg(theta);
      evaluations++;
      this.f = r.value;
      this.g = r.grad;
    }
    const f0 = this.f,
      g0 = this.g;
    const d = this.direction(g0);
    let slope = dot(g0, d);
    if (!(slope < 0)) {
      // not a descent direction (curvature pairs went bad): restart from steepest descent
      this.s = [];
      this.y = [];
      d.forEach((_, i) => (d[i] = -g0[i]));
      slope = -dot(g0, g0);
    }
    let alpha = this.s.length === 0 ? Math.min(1, lr / Math.max(norm2(g0), 1e-12)) : 1;
    const trial = new Float64Array(theta.length);
    for (let k = 0; ; k++) {
      for (let i = 0; i < theta.length; i++) trial[i] = theta[i] + alpha * d[i];
      const r = await vg(trial);
      evaluations++;
      if (r.value <= f0 + 1e-4 * alpha * slope || k >= this.maxBacktracks) {
        const sk = Float64Array.from(d, (di) => alpha * di),
          yk = Float64Array.from(r.grad, (gi, i) => gi - g0[i]);
        if (dot(sk, yk) > 1e-12) {
          this.s.push(sk);
          this.y.push(yk);
          if (this.s.length > this.memory) {
            this.s.shift();
            this.y.shift();
          }
        }
        theta.set(trial);
        this.f = r.value;
        this.g = r.grad;
        return { loss: f0, gradNorm: norm2(g0), evaluations };
      }
      alpha /= 2;
    }
  }

  /** d = −H·g by the two-loop recursion, H₀ = (sᵀy / yᵀy)·I. */
  private direction(g: Float64Array): Float64Array {
    const q = Float64Array.from(g),
      k = this.s.length,
      a = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      a[i] = dot(this.s[i], q) / dot(this.y[i], this.s[i]);
      for (let j = 0; j < q.length; j++) q[j] -= a[i] * this.y[i][j];
    }
    const gamma = k ? dot(this.s[k - 1], this.y[k - 1]) / dot(this.y[k - 1], this.y[k - 1]) : 1;
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < k; i++) {
      const b = dot(this.y[i], q) / dot(this.y[i], this.s[i]);
      for (let j = 0; j < q.length; j++) q[j] += this.s[i][j] * (a[i] - b);
    }
    return q.map((x) => -x);
  }

  getState(): unknown {
    return {
      s: this.s.map((v) => Array.from(v)),
      y: this.y.map((v) => Array.from(v)),
      f: this.f,
      g: this.g && Array.from(this.g),
    };
  }

  setState(state: unknown): void {
    const st = stateSchema.safeParse(state);
    if (!st.success || [...st.data.s, ...st.data.y].some((v) => v.length !== this.nParams))
      throw new ConfigError(`lbfgs: checkpoint state does not fit ${this.nParams} parameters`);
    this.s = st.data.s.map((v) => Float64Array.from(v));
    this.y = st.data.y.map((v) => Float64Array.from(v));
    this.f = st.data.f;
    this.g = st.data.g && Float64Array.from(st.data.g);
  }
}
