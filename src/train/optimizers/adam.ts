/**
 * Adam (Kingma & Ba, arXiv:1412.6980), the optimiser of [R]: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ). Plain Float64 arithmetic, so a resumed
 * run repeats the uninterrupted one exactly.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { Objective, Optimizer, StepInfo, norm2, requireGrad } from '../objective';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

const stateSchema = z
  .object({ t: z.number().int().nonnegative(), m: z.array(z.number()), v: z.array(z.number()) })
  .strict();

export class Adam implements Optimizer {
  readonly name = 'adam';
  private t = 0;
  private m: Float64Array;
  private v: Float64Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(nParams: number, opts: AdamOptions = {}) {
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.m = new Float64Array(nParams);
    this.v = new Float64Array(nParams);
  }

  async step(theta: Float64Array, objective: Objective, lr: number): Promise<StepInfo> {
    const { value, grad } = await requireGrad(objective, 'adam')(theta);
    this.t++;
    const { beta1: b1, beta2: b2, epsilon } = this;
    const c1 = 1 - b1 ** this.t,
      c2 = 1 - b2 ** this.t;
    for (let i = 0; i < theta.length; i++) {
      this.m[i] = b1 * this.m[i] + (1 - b1) * grad[i];
      this.v[i] = b2 * this.v[i] + (1 - b2) * grad[i] * grad[i];
      theta[i] -= (lr * (this.m[i] / c1)) / (Math.sqrt(this.v[i] / c2) + epsilon);
    }
    return { loss: value, gradNorm: norm2(grad), evaluations: 1 };
  }

  getState(): unknown {
    return { t: this.t, m: Array.from(this.m), v: Array.from(this.v) };
  }

  setState(state: unknown): void {
    const s = stateSchema.safeParse(state);
    if (!s.success || s.data.m.length !== this.m.length || s.data.v.length !== this.v.length)
      throw new ConfigError(`adam: checkpoint state does not fit ${this.m.length} parameters`);
    this.t = s.data.t;
    this.m = Float64Array.from(s.data.m);
    this.v = Float64Array.from(s.data.v);
  }
}
